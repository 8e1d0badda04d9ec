using Microsoft.Extensions.Options;
using SecureStream.Media.Hosting;
using SecureStream.Policy.Audit;
using SecureStream.Policy.PolicyFile;
using SecureStream.Policy.Settings;
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
        var configuration = GatewayHost.CreateBuilder(args).Configuration;
        var problems = new List<string>();
        SectionCheck.Check(configuration, ListenerOptions.SectionName, static section => section.Get<ListenerOptions>(), new ListenerOptionsValidator(), problems);
        var listeners = configuration.GetSection(ListenerOptions.SectionName).Get<ListenerOptions>() ?? new ListenerOptions();
        SectionCheck.Check(configuration, OriginOptions.SectionName, static section => section.Get<OriginOptions>(), new OriginOptionsValidator(Options.Create(listeners)), problems);
        SectionCheck.Check(configuration, CameraCatalogOptions.SectionName, static section => section.Get<CameraCatalogOptions>(), new CameraCatalogOptionsValidator(), problems);
        problems.AddRange(MediaOriginSettings.CheckCameraRegistry(configuration));
        SectionCheck.Check(configuration, TrustedProxyOptions.SectionName, static section => section.Get<TrustedProxyOptions>(), new TrustedProxyOptionsValidator(), problems);
        SectionCheck.Check(configuration, AuditOptions.SectionName, static section => section.Get<AuditOptions>(), new AuditOptionsValidator(), problems);
        SectionCheck.Check(configuration, ManagementOptions.SectionName, static section => section.Get<ManagementOptions>(), new ManagementOptionsValidator(), problems);
        SectionCheck.Check(configuration, GateOptions.SectionName, static section => section.Get<GateOptions>(), new GateOptionsValidator(), problems);
        SectionCheck.Check(configuration, ClusterOptions.SectionName, static section => section.Get<ClusterOptions>(), new ClusterNodeIdValidator(), problems);
        SectionCheck.Check(configuration, ClusterOptions.SectionName, static section => section.Get<ClusterOptions>(), new ClusterRedisValidator(), problems);

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
}
