using System.Net;
using Microsoft.Extensions.Options;

namespace SecureStream.Proxy.Listeners;

/// <summary>Checks every listener setting at start and reports all problems at once.</summary>
internal sealed class ListenerOptionsValidator : IValidateOptions<ListenerOptions>
{
    public ValidateOptionsResult Validate(string? name, ListenerOptions options)
    {
        var errors = new List<string>();
        Check("Listeners:Http", options.Http, errors);
        Check("Listeners:Https", options.Https, errors);
        Check("Listeners:Management", options.Management, errors);
        Check("Listeners:Origin", options.Origin, errors);
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
    }
}
