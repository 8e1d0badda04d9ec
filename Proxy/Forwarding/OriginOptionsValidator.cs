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

        for (var i = 0; i < options.Destinations.Count; i++)
        {
            if (!Uri.TryCreate(options.Destinations[i], UriKind.Absolute, out var uri) ||
                uri.Scheme is not ("http" or "https") || !string.IsNullOrEmpty(uri.UserInfo) ||
                uri.AbsolutePath != "/" || !string.IsNullOrEmpty(uri.Query))
            {
                errors.Add($"Origin:Destinations:{i}: '{options.Destinations[i]}' is not a base address; use http(s)://host:port with no path, query or credentials");
            }
        }

        if (options.Destinations.Count > 0 && string.IsNullOrEmpty(options.TicketKey))
        {
            // A random per-process key signs tickets no other process accepts: fail at start, not at every viewer.
            errors.Add("Origin:TicketKey: is empty while Origin:Destinations lists origins; set the secret reference (env: or file:) of the key the origins share");
        }
        else if (!string.IsNullOrEmpty(options.TicketKey))
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
}
