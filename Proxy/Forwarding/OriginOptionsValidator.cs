using Microsoft.Extensions.Options;
using SecureStream.Policy.Secrets;

namespace SecureStream.Proxy.Forwarding;

/// <summary>Checks the origin addresses and ticket key at start; reports every problem.</summary>
internal sealed class OriginOptionsValidator(IOptions<Listeners.ListenerOptions> listeners) : IValidateOptions<OriginOptions>
{
    public ValidateOptionsResult Validate(string? name, OriginOptions options)
    {
        var embeddedOrigin = listeners.Value.Origin.Enabled;
        var errors = new List<string>();
        if (options.Destinations.Count == 0 && !embeddedOrigin)
        {
            errors.Add("Origin:Destinations: is empty and the embedded origin (Listeners:Origin) is disabled; list at least one origin address or enable Listeners:Origin");
        }

        var listed = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Destinations.Count; i++)
        {
            if (!Uri.TryCreate(options.Destinations[i], UriKind.Absolute, out var uri) ||
                uri.Scheme is not ("http" or "https") || !string.IsNullOrEmpty(uri.UserInfo) ||
                uri.AbsolutePath != "/" || !string.IsNullOrEmpty(uri.Query))
            {
                errors.Add($"Origin:Destinations:{i}: '{options.Destinations[i]}' is not a base address; use http(s)://host:port with no path, query or credentials");
            }
            else if (!listed.Add(OriginAddress.Normalise(options.Destinations[i])))
            {
                errors.Add($"Origin:Destinations:{i}: '{options.Destinations[i]}' names an origin listed before; list each origin once");
            }
        }

        ValidateHealthCheck(options.HealthCheck, errors);

        if (!string.IsNullOrEmpty(options.TicketKey))
        {
            if (!SecretReference.TryResolve(options.TicketKey, out var key, out var error))
            {
                errors.Add($"Origin:TicketKey: {error}");
            }
            else if (key!.Length < 32)
            {
                errors.Add("Origin:TicketKey: the key is shorter than 32 bytes; use at least 256 random bits");
            }
        }

        if (options.RequestTimeoutMs is < 1000 or > 300000)
        {
            errors.Add($"Origin:RequestTimeoutMs: {options.RequestTimeoutMs} is out of range; use 1000-300000");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void ValidateHealthCheck(OriginHealthCheckOptions health, List<string> errors)
    {
        if (health.IntervalMs is < 250 or > 60000)
        {
            errors.Add($"Origin:HealthCheck:IntervalMs: {health.IntervalMs} is out of range; use 250-60000");
        }

        if (health.TimeoutMs < 100 || health.TimeoutMs > Math.Max(health.IntervalMs, 100))
        {
            errors.Add($"Origin:HealthCheck:TimeoutMs: {health.TimeoutMs} is out of range; use 100 up to Origin:HealthCheck:IntervalMs");
        }

        if (health.FailureThreshold is < 1 or > 10)
        {
            errors.Add($"Origin:HealthCheck:FailureThreshold: {health.FailureThreshold} is out of range; use 1-10");
        }

        if (health.ReactivationMs is < 1000 or > 300000)
        {
            errors.Add($"Origin:HealthCheck:ReactivationMs: {health.ReactivationMs} is out of range; use 1000-300000");
        }
    }
}
