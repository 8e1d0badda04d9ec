using Microsoft.Extensions.Options;
using SecureStream.Media.Cameras;
using SecureStream.Policy.Audit;
using SecureStream.Policy.PolicyFile;
using SecureStream.Proxy.Cameras;
using SecureStream.Proxy.ClientAddresses;
using SecureStream.Proxy.Cluster;
using SecureStream.Proxy.Forwarding;
using SecureStream.Proxy.Gate;
using SecureStream.Proxy.Hosting;
using SecureStream.Proxy.Listeners;
using SecureStream.Proxy.Management;

namespace SecureStream.Proxy.Cli;

/// <summary>
/// <c>check-config</c>: validates every configuration section and policy.json without starting
/// anything, and prints every problem at once (exit 1), or "configuration OK" (exit 0).
/// </summary>
internal static class CheckConfigCommand
{
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = Directory.GetCurrentDirectory() });
        builder.Configuration.Sources.Clear();
        builder.Configuration
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: false)
            .AddEnvironmentVariables(GatewayHost.EnvironmentPrefix)
            .AddCommandLine(args);
        var configuration = builder.Configuration;
        var problems = new List<string>();
        Check(configuration, ListenerOptions.SectionName, new ListenerOptionsValidator(), problems);
        var listeners = configuration.GetSection(ListenerOptions.SectionName).Get<ListenerOptions>() ?? new ListenerOptions();
        Check(configuration, OriginOptions.SectionName, new OriginOptionsValidator(Options.Create(listeners)), problems);
        Check(configuration, CameraCatalogOptions.SectionName, new CameraCatalogOptionsValidator(), problems);
        Check(configuration, OriginMapOptions.SectionName, new OriginMapOptionsValidator(), problems);
        Check(configuration, CameraRegistryOptions.SectionName, new CameraRegistryOptionsValidator(), problems);
        Check(configuration, RedisOriginMapOptions.SectionName, new RedisOriginMapOptionsValidator(), problems);
        Check(configuration, TrustedProxyOptions.SectionName, new TrustedProxyOptionsValidator(), problems);
        Check(configuration, AuditOptions.SectionName, new AuditOptionsValidator(), problems);
        Check(configuration, ManagementOptions.SectionName, new ManagementOptionsValidator(), problems);
        Check(configuration, GateOptions.SectionName, new GateOptionsValidator(), problems);
        Check(configuration, ClusterOptions.SectionName, new ClusterNodeIdValidator(), problems);
        Check(configuration, ClusterOptions.SectionName, new ClusterRedisValidator(), problems);

        var policy = configuration.GetSection(PolicyOptions.SectionName).Get<PolicyOptions>() ?? new PolicyOptions();
        var loaded = PolicyFileLoader.LoadFile(policy.Path, TimeProvider.System);
        problems.AddRange(loaded.Errors);

        if (problems.Count == 0)
        {
            output.WriteLine("configuration OK");
            return 0;
        }

        error.WriteLine($"{problems.Count} configuration problem(s):");
        foreach (var problem in problems)
        {
            error.WriteLine("  " + problem);
        }

        return 1;
    }

    private static void Check<T>(ConfigurationManager configuration, string section, IValidateOptions<T> validator, List<string> problems)
        where T : class, new()
    {
        T options;
        try
        {
            options = configuration.GetSection(section).Get<T>() ?? new T();
        }
        catch (InvalidOperationException ex)
        {
            problems.Add($"{section}: {ex.Message}");
            return;
        }

        var result = validator.Validate(null, options);
        if (result.Failed)
        {
            problems.AddRange(result.Failures);
        }
    }
}
