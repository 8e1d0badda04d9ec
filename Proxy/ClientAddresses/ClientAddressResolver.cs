using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SecureStream.Proxy.ClientAddresses;

/// <summary>
/// Decides the client's real address (docs/links.md <c>real_ip</c>, ours; docs/security.md
/// "Client address, forwarded parameters and webhook answers"): the TCP peer, unless the peer is a
/// configured trusted proxy; then <c>X-Forwarded-For</c> walked from the right, as ASP.NET Core's
/// <c>ForwardedHeadersMiddleware</c> walks it; only when that header is absent, <c>X-Real-IP</c>.
/// </summary>
/// <remarks>
/// <para>Security invariants:</para>
/// <list type="bullet">
/// <item>Headers from a peer outside <see cref="TrustedProxyOptions.Networks"/> are ignored
/// (docs/security.md, spoofed X-Forwarded-For / X-Real-IP).</item>
/// <item><c>X-Forwarded-For</c> is read from its right end, one entry at a time: an entry that is a
/// trusted proxy is skipped, the first one that is not is the client. Proxies append the address
/// they saw (nginx <c>$proxy_add_x_forwarded_for</c>, HAProxy <c>option forwardfor</c>, cloud
/// load balancers), so everything a client wrote itself sits left of its own address and is never
/// reached: a client cannot choose its address, its <c>real_ip</c>/<c>cidr</c> match or its
/// rate-limit bucket.</item>
/// <item>At most <see cref="TrustedProxyOptions.ForwardLimit"/> entries are read; when the limit
/// stops the walk on a trusted entry, that entry is the answer and the source says
/// <see cref="ClientAddressSource.XForwardedForLimit"/>.</item>
/// <item>A malformed entry ends the walk (it is an untrusted boundary: nobody vouches for what lies
/// left of it) and the answer is the nearest hop that was read and valid — the peer, or the
/// trusted entry right of the bad one — never a partially parsed or guessed address. ASP.NET Core
/// does the same ("stop at the first unparsable entry, apply what was processed").</item>
/// <item><c>X-Real-IP</c> counts only when no <c>X-Forwarded-For</c> was sent: nginx sets it from
/// <c>$remote_addr</c>, which is often just the previous proxy, while the appended
/// <c>X-Forwarded-For</c> keeps every hop. An unparseable <c>X-Real-IP</c> falls back to the peer.</item>
/// <item>Header addresses are parsed strictly: dotted-quad IPv4 without leading zeros, or IPv6
/// without scope id, brackets or port. The result always says which source was used.</item>
/// </list>
/// </remarks>
internal sealed partial class ClientAddressResolver : IDisposable
{
    // Longest textual IPv6 address (with an embedded IPv4 tail).
    private const int MaxAddressLength = 45;

    private readonly ILogger<ClientAddressResolver> _logger;
    private readonly IDisposable? _subscription;
    private volatile Trust _trust;

    /// <summary>Creates a resolver that follows configuration reloads.</summary>
    public ClientAddressResolver(IOptionsMonitor<TrustedProxyOptions> options, ILogger<ClientAddressResolver> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _logger = logger;
        _trust = Trust.From(options.CurrentValue);
        _subscription = options.OnChange(changed => _trust = Trust.From(changed));
    }

    /// <summary>Resolves the client address of one request. Never throws on header content.</summary>
    /// <param name="peer">The TCP peer address.</param>
    /// <param name="xRealIp">The <c>X-Real-IP</c> header, or null when absent.</param>
    /// <param name="xForwardedFor">The <c>X-Forwarded-For</c> header (all lines joined with <c>,</c>, in order), or null.</param>
    public ClientAddress Resolve(IPAddress peer, string? xRealIp, string? xForwardedFor)
    {
        ArgumentNullException.ThrowIfNull(peer);
        var normalisedPeer = Normalise(peer);
        var fromPeer = new ClientAddress(normalisedPeer, ClientAddressSource.Peer);
        var hasForwardedFor = !string.IsNullOrWhiteSpace(xForwardedFor);
        if (!hasForwardedFor && string.IsNullOrWhiteSpace(xRealIp))
        {
            return fromPeer;
        }

        var trust = _trust;
        if (!trust.Contains(normalisedPeer))
        {
            Log.HeadersFromUntrustedPeer(_logger, normalisedPeer);
            return fromPeer;
        }

        if (hasForwardedFor)
        {
            return WalkForwardedFor(fromPeer, xForwardedFor.AsSpan(), trust);
        }

        if (TryParseAddress(xRealIp.AsSpan().Trim(), out var realIp))
        {
            return new ClientAddress(realIp, ClientAddressSource.XRealIp);
        }

        Log.UnparseableHeader(_logger, "X-Real-IP", normalisedPeer);
        return fromPeer;
    }

    // The right-to-left walk; see the class remarks. O(ForwardLimit) whatever the header's length.
    private ClientAddress WalkForwardedFor(ClientAddress fromPeer, ReadOnlySpan<char> header, Trust trust)
    {
        var current = fromPeer;
        var remaining = header;
        for (var read = 0; read < trust.ForwardLimit; read++)
        {
            var comma = remaining.LastIndexOf(',');
            var entry = (comma < 0 ? remaining : remaining[(comma + 1)..]).Trim();
            if (!TryParseAddress(entry, out var address))
            {
                Log.UnparseableHeader(_logger, "X-Forwarded-For", fromPeer.Address);
                return current;
            }

            current = new ClientAddress(address, ClientAddressSource.XForwardedFor);
            if (comma < 0 || !trust.Contains(address))
            {
                return current;
            }

            remaining = remaining[..comma];
        }

        Log.ForwardLimitReached(_logger, trust.ForwardLimit, fromPeer.Address);
        return current with { Source = ClientAddressSource.XForwardedForLimit };
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

    /// <summary>The networks and limit of one configuration, swapped as one reference on reload.</summary>
    private sealed class Trust(IPNetwork[] networks, int forwardLimit)
    {
        public int ForwardLimit { get; } = forwardLimit;

        public static Trust From(TrustedProxyOptions? options)
        {
            // Entries that do not parse are skipped (untrusted): the validator refuses them at
            // start, and skipping keeps a bad reload from trusting more than was meant.
            var networks = new List<IPNetwork>();
            foreach (var text in options?.Networks ?? [])
            {
                if (TrustedProxyOptionsValidator.TryParseNetwork(text, out var network) && network.PrefixLength > 0)
                {
                    networks.Add(network);
                }
            }

            var limit = options?.ForwardLimit ?? TrustedProxyOptions.DefaultForwardLimit;
            return new Trust([.. networks], Math.Clamp(limit, 1, TrustedProxyOptions.MaxForwardLimit));
        }

        public bool Contains(IPAddress address)
        {
            foreach (var network in networks)
            {
                if (network.Contains(address))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
