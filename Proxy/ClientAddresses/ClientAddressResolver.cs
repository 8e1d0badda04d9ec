using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SecureStream.Proxy.ClientAddresses;

/// <summary>
/// Decides the client's real address (PROTOCOLS.md §1 <c>real_ip</c>, ours): the TCP peer, unless
/// the peer is a configured trusted proxy, in which case its <c>X-Real-IP</c> header, else the first
/// <c>X-Forwarded-For</c> entry.
/// </summary>
/// <remarks>
/// Security invariants: headers from a peer outside <see cref="TrustedProxyOptions.Networks"/> are
/// ignored (SECURITY.md "spoofed X-Forwarded-For / X-Real-IP"); an unparseable header value from a
/// trusted proxy falls back to the peer — never to a partially parsed or guessed address, and not
/// to the other header, because a proxy that sends garbage in one cannot be relied on for the
/// other. Header addresses are parsed strictly: dotted-quad IPv4 without leading zeros, or IPv6
/// without scope id, brackets or port. The result always says which source was used.
/// </remarks>
internal sealed partial class ClientAddressResolver : IDisposable
{
    // Longest textual IPv6 address (with an embedded IPv4 tail).
    private const int MaxAddressLength = 45;

    private readonly ILogger<ClientAddressResolver> _logger;
    private readonly IDisposable? _subscription;
    private volatile IPNetwork[] _networks;

    /// <summary>Creates a resolver that follows configuration reloads.</summary>
    public ClientAddressResolver(IOptionsMonitor<TrustedProxyOptions> options, ILogger<ClientAddressResolver> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _logger = logger;
        _networks = ParseNetworks(options.CurrentValue);
        _subscription = options.OnChange(changed => _networks = ParseNetworks(changed));
    }

    /// <summary>Resolves the client address of one request. Never throws on header content.</summary>
    /// <param name="peer">The TCP peer address.</param>
    /// <param name="xRealIp">The <c>X-Real-IP</c> header, or null when absent.</param>
    /// <param name="xForwardedFor">The <c>X-Forwarded-For</c> header (all lines joined with <c>,</c>), or null.</param>
    public ClientAddress Resolve(IPAddress peer, string? xRealIp, string? xForwardedFor)
    {
        ArgumentNullException.ThrowIfNull(peer);
        var normalisedPeer = Normalise(peer);
        var fromPeer = new ClientAddress(normalisedPeer, ClientAddressSource.Peer);
        var hasHeaders = !string.IsNullOrWhiteSpace(xRealIp) || !string.IsNullOrWhiteSpace(xForwardedFor);
        if (!hasHeaders)
        {
            return fromPeer;
        }

        if (!IsTrusted(normalisedPeer))
        {
            Log.HeadersFromUntrustedPeer(_logger, normalisedPeer);
            return fromPeer;
        }

        if (!string.IsNullOrWhiteSpace(xRealIp))
        {
            if (TryParseAddress(xRealIp.AsSpan().Trim(), out var realIp))
            {
                return new ClientAddress(realIp, ClientAddressSource.XRealIp);
            }

            Log.UnparseableHeader(_logger, "X-Real-IP", normalisedPeer);
            return fromPeer;
        }

        var entries = xForwardedFor.AsSpan();
        var comma = entries.IndexOf(',');
        var first = (comma < 0 ? entries : entries[..comma]).Trim();
        if (TryParseAddress(first, out var forwarded))
        {
            return new ClientAddress(forwarded, ClientAddressSource.XForwardedFor);
        }

        Log.UnparseableHeader(_logger, "X-Forwarded-For", normalisedPeer);
        return fromPeer;
    }

    /// <inheritdoc />
    public void Dispose() => _subscription?.Dispose();

    /// <summary>Strict address parse for header values; see the class remarks.</summary>
    internal static bool TryParseAddress(ReadOnlySpan<char> text, out IPAddress address)
    {
        address = IPAddress.None;
        if (text.IsEmpty || text.Length > MaxAddressLength)
        {
            return false;
        }

        if (text.Contains(':'))
        {
            // Only hex digits, ':' and '.' (embedded IPv4): no scope id, brackets or port.
            foreach (var c in text)
            {
                if (!char.IsAsciiHexDigit(c) && c is not ':' and not '.')
                {
                    return false;
                }
            }

            if (!IPAddress.TryParse(text, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6)
            {
                return false;
            }

            address = Normalise(v6);
            return true;
        }

        if (!IsDottedQuad(text) || !IPAddress.TryParse(text, out var v4) || v4.AddressFamily != AddressFamily.InterNetwork)
        {
            return false;
        }

        address = v4;
        return true;
    }

    // IPAddress.TryParse also takes "1", "1.2.3", hex and octal parts; a proxy writes none of them,
    // and each is a way to make two components read different addresses.
    private static bool IsDottedQuad(ReadOnlySpan<char> text)
    {
        var parts = 0;
        foreach (var range in text.Split('.'))
        {
            var part = text[range];
            parts++;
            if (parts > 4 || part.Length is 0 or > 3 || (part.Length > 1 && part[0] == '0')
                || !int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value > 255)
            {
                return false;
            }
        }

        return parts == 4;
    }

    private static IPAddress Normalise(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    private bool IsTrusted(IPAddress peer)
    {
        foreach (var network in _networks)
        {
            if (network.Contains(peer))
            {
                return true;
            }
        }

        return false;
    }

    // Entries that do not parse are skipped (untrusted): the validator refuses them at start, and
    // skipping keeps a bad reload from trusting more than was meant.
    private static IPNetwork[] ParseNetworks(TrustedProxyOptions options)
    {
        var networks = new List<IPNetwork>();
        foreach (var text in options?.Networks ?? [])
        {
            if (TrustedProxyOptionsValidator.TryParseNetwork(text, out var network) && network.PrefixLength > 0)
            {
                networks.Add(network);
            }
        }

        return [.. networks];
    }
}
