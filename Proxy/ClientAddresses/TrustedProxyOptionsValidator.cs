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

        if (options.ForwardLimit is < 1 or > TrustedProxyOptions.MaxForwardLimit)
        {
            errors.Add($"{TrustedProxyOptions.SectionName}:ForwardLimit: {options.ForwardLimit} is out of range; set it between 1 and {TrustedProxyOptions.MaxForwardLimit} (the number of proxy hops in front of the gateway, default {TrustedProxyOptions.DefaultForwardLimit})");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>
    /// Strict CIDR parse: requires a prefix and refuses host bits after it. <c>10.0.0.1/8</c> is
    /// refused rather than read as <c>10.0.0.0/8</c>: the writer may have meant a single host, and
    /// guessing would trust more addresses than intended.
    /// </summary>
    internal static bool TryParseNetwork(string? text, out IPNetwork network)
    {
        network = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var trimmed = text.AsSpan().Trim();
        var slash = trimmed.IndexOf('/');
        return slash > 0
            && IPAddress.TryParse(trimmed[..slash], out var address)
            && IPNetwork.TryParse(trimmed, out network)
            && network.BaseAddress.Equals(address);
    }
}
