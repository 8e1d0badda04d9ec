using System.Net;
using Microsoft.Extensions.Options;

namespace SecureStream.Proxy.ClientAddresses;

/// <summary>Checks every <c>TrustedProxies:Networks</c> entry at start and reports all bad ones at once.</summary>
internal sealed class TrustedProxyOptionsValidator : IValidateOptions<TrustedProxyOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, TrustedProxyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        for (var i = 0; i < options.Networks.Count; i++)
        {
            var text = options.Networks[i];
            var key = $"{TrustedProxyOptions.SectionName}:Networks:{i}";
            if (!TryParseNetwork(text, out var network))
            {
                errors.Add($"{key}: \"{text}\" is not a CIDR network; write address/prefix with no host bits set, e.g. 10.0.0.0/8 or fd00::/8");
            }
            else if (network.PrefixLength == 0)
            {
                // Trusting every address lets any client choose the address the gate and the
                // audit record see, which defeats allow_ip / real_ip binding.
                errors.Add($"{key}: \"{text}\" trusts every address, so any client could spoof X-Forwarded-For; list only your proxies' networks");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Strict CIDR parse: requires a prefix, refuses host bits (what <see cref="IPNetwork.TryParse(string?, out IPNetwork)"/> enforces).</summary>
    internal static bool TryParseNetwork(string? text, out IPNetwork network)
    {
        network = default;
        return !string.IsNullOrWhiteSpace(text)
            && text.Contains('/', StringComparison.Ordinal)
            && IPNetwork.TryParse(text.Trim(), out network);
    }
}
