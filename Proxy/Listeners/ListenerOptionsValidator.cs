using System.Net;
using Microsoft.Extensions.Options;

namespace SecureStream.Proxy.Listeners;

/// <summary>Checks every listener setting at start and reports all problems at once.</summary>
internal sealed class ListenerOptionsValidator : IValidateOptions<ListenerOptions>
{
    /// <summary>Well under the process's file-descriptor limit on a typical host (65536).</summary>
    private const int MaxConnectionsLimit = 50_000;

    public ValidateOptionsResult Validate(string? name, ListenerOptions options)
    {
        var errors = new List<string>();
        Check("Listeners:Http", options.Http, errors);
        Check("Listeners:Https", options.Https, errors);
        Check("Listeners:Management", options.Management, errors);
        Check("Listeners:Origin", options.Origin, errors);
        CheckLimits(options.Limits, errors);
        OriginSocket.CheckStatic(options.OriginSocket, errors);
        if (!options.Http.Enabled && !options.Https.Enabled)
        {
            errors.Add("Listeners: both Http and Https are disabled; enable at least one so viewers can connect");
        }

        if (options.Https.Enabled && string.IsNullOrWhiteSpace(options.CertificatePath))
        {
            errors.Add("Listeners:CertificatePath: is empty; name a PFX file or disable Listeners:Https");
        }

        var ports = new[] { options.Http, options.Https, options.Management, options.Origin }
            .Where(e => e.Enabled && e.Port != 0)
            .GroupBy(e => e.Port)
            .Where(g => g.Count() > 1)
            .Select(g => g.Key);
        foreach (var port in ports)
        {
            errors.Add($"Listeners: port {port} is used by more than one listener; give each its own port");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Check(string key, EndpointOptions endpoint, List<string> errors)
    {
        if (!endpoint.Enabled)
        {
            return;
        }

        if (!IPAddress.TryParse(endpoint.Address, out _))
        {
            errors.Add($"{key}:Address: '{endpoint.Address}' is not an IP address; use e.g. 0.0.0.0, 127.0.0.1 or ::");
        }

        if (endpoint.Port is < 0 or > 65535)
        {
            errors.Add($"{key}:Port: {endpoint.Port} is out of range; use 1-65535 (0 picks a free port)");
        }

        if (endpoint.MaxConnections is < 1 or > MaxConnectionsLimit)
        {
            errors.Add($"{key}:MaxConnections: {endpoint.MaxConnections} is out of range; use 1-{MaxConnectionsLimit}");
        }

        if (endpoint.MaxConnectionsPerAddress < 1 || endpoint.MaxConnectionsPerAddress > endpoint.MaxConnections)
        {
            errors.Add($"{key}:MaxConnectionsPerAddress: {endpoint.MaxConnectionsPerAddress} is out of range; use 1 up to {key}:MaxConnections ({endpoint.MaxConnections})");
        }
    }

    private static void CheckLimits(RequestLimitOptions limits, List<string> errors)
    {
        const string key = "Listeners:Limits";
        if (limits.MaxRequestHeadersTotalSize is < 8 * 1024 or > 256 * 1024)
        {
            errors.Add($"{key}:MaxRequestHeadersTotalSize: {limits.MaxRequestHeadersTotalSize} is out of range; use 8192-262144 bytes (default 32768)");
        }

        CheckTime($"{key}:RequestHeadersTimeout", limits.RequestHeadersTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(2), errors);
        CheckTime($"{key}:KeepAliveTimeout", limits.KeepAliveTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10), errors);
        // Kestrel checks rates once a second, so it needs a grace period longer than that.
        CheckTime($"{key}:MinRequestBodyGracePeriod", limits.MinRequestBodyGracePeriod, TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(1), errors);
        CheckTime($"{key}:RefusalReportInterval", limits.RefusalReportInterval, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1), errors);
        if (limits.MinRequestBodyDataRate is < 1 or > 1024 * 1024)
        {
            errors.Add($"{key}:MinRequestBodyDataRate: {limits.MinRequestBodyDataRate} is out of range; use 1-1048576 bytes per second (default 4096)");
        }
    }

    private static void CheckTime(string key, TimeSpan value, TimeSpan min, TimeSpan max, List<string> errors)
    {
        if (value < min || value > max)
        {
            errors.Add($"{key}: {value} is out of range; use {min:c} to {max:c}");
        }
    }
}
