using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SecureStream.Proxy.ClientAddresses;

namespace SecureStream.Proxy.Tests.ClientAddresses;

public sealed class ClientAddressResolverTests
{
    private static ClientAddressResolver Resolver(params string[] networks) => Resolver(TrustedProxyOptions.DefaultForwardLimit, networks);

    private static ClientAddressResolver Resolver(int forwardLimit, params string[] networks)
    {
        var options = new TrustedProxyOptions { ForwardLimit = forwardLimit };
        foreach (var network in networks)
        {
            options.Networks.Add(network);
        }

        return new ClientAddressResolver(new StaticMonitor(options), NullLogger<ClientAddressResolver>.Instance);
    }

    public static TheoryData<string, string?, string?> SpoofedHeaders => new()
    {
        { "x-real-ip", "10.9.9.9", null },
        { "x-forwarded-for", null, "10.9.9.9" },
        { "both", "10.9.9.9", "10.8.8.8, 10.7.7.7" },
        { "loopback claim", "127.0.0.1", "127.0.0.1" },
        { "ipv6 claim", "::1", null },
    };

    [Theory]
    [MemberData(nameof(SpoofedHeaders))]
    public void Resolve_HeadersFromUntrustedPeer_Ignored(string name, string? xRealIp, string? xForwardedFor)
    {
        using var resolver = Resolver("10.0.0.0/8");

        var result = resolver.Resolve(IPAddress.Parse("203.0.113.7"), xRealIp, xForwardedFor);

        Assert.Equal(IPAddress.Parse("203.0.113.7"), result.Address);
        Assert.Equal(ClientAddressSource.Peer, result.Source);
        Assert.False(string.IsNullOrEmpty(name));
    }

    [Fact]
    public void Resolve_NoProxyConfigured_HeadersIgnored()
    {
        using var resolver = Resolver();

        var result = resolver.Resolve(IPAddress.Loopback, "198.51.100.1", "198.51.100.2");

        Assert.Equal(new ClientAddress(IPAddress.Loopback, ClientAddressSource.Peer), result);
    }

    public static TheoryData<string, string, string?, string?, string, string> TrustedCases => new()
    {
        { "x-forwarded-for before x-real-ip", "10.0.0.2", "198.51.100.1", "198.51.100.2", "198.51.100.2", "x-forwarded-for" },
        { "x-real-ip alone", "10.0.0.2", "198.51.100.1", null, "198.51.100.1", "x-real-ip" },
        { "x-real-ip trimmed", "10.0.0.2", "  198.51.100.1 ", null, "198.51.100.1", "x-real-ip" },
        { "trusted hops skipped from the right", "10.0.0.2", null, "198.51.100.2, 10.0.0.3, 10.0.0.2", "198.51.100.2", "x-forwarded-for" },
        { "client-written entries left of the client never read", "10.0.0.2", null, "10.1.1.1, 192.0.2.9, 198.51.100.2, 10.0.0.3", "198.51.100.2", "x-forwarded-for" },
        { "rightmost untrusted is the client", "10.0.0.2", null, "198.51.100.2, 203.0.113.5", "203.0.113.5", "x-forwarded-for" },
        { "every entry trusted: the leftmost", "10.0.0.2", null, "10.0.0.9, 10.0.0.3", "10.0.0.9", "x-forwarded-for" },
        { "empty entry left of the client not reached", "10.0.0.2", null, ", 198.51.100.2", "198.51.100.2", "x-forwarded-for" },
        { "garbage left of the client not reached", "10.0.0.2", null, "not-an-ip, 198.51.100.2", "198.51.100.2", "x-forwarded-for" },
        { "garbage x-real-ip ignored beside x-forwarded-for", "10.0.0.2", "not-an-ip", "198.51.100.2", "198.51.100.2", "x-forwarded-for" },
        { "ipv6 trusted hop skipped", "fd00::5", null, "2001:db8::7, fd00::9", "2001:db8::7", "x-forwarded-for" },
        { "ipv6 client behind ipv4 proxy", "10.0.0.2", null, "2001:db8::7", "2001:db8::7", "x-forwarded-for" },
        { "mapped ipv4 entry normalised", "10.0.0.2", null, "::ffff:198.51.100.1, 10.0.0.3", "198.51.100.1", "x-forwarded-for" },
        { "separate header lines joined", "10.0.0.2", null, "198.51.100.2,10.0.0.3,10.0.0.4", "198.51.100.2", "x-forwarded-for" },
        { "forwarded entry trimmed", "10.0.0.2", "", " 198.51.100.2 ,10.0.0.3", "198.51.100.2", "x-forwarded-for" },
        { "ipv6 forwarded", "10.0.0.2", null, "2001:db8::7", "2001:db8::7", "x-forwarded-for" },
        { "mapped ipv4 in header normalised", "10.0.0.2", "::ffff:198.51.100.1", null, "198.51.100.1", "x-real-ip" },
        { "ipv6 proxy", "fd00::5", "198.51.100.1", null, "198.51.100.1", "x-real-ip" },
        { "mapped ipv4 peer trusted", "::ffff:10.0.0.2", "198.51.100.1", null, "198.51.100.1", "x-real-ip" },
        { "no headers", "10.0.0.2", null, null, "10.0.0.2", "peer" },
        { "blank headers", "10.0.0.2", " ", "", "10.0.0.2", "peer" },
    };

    [Theory]
    [MemberData(nameof(TrustedCases))]
    public void Resolve_TrustedProxy_HeadersHonoured(string name, string peer, string? xRealIp, string? xForwardedFor, string expected, string source)
    {
        using var resolver = Resolver("10.0.0.0/8", "fd00::/8");

        var result = resolver.Resolve(IPAddress.Parse(peer), xRealIp, xForwardedFor);

        Assert.True(IPAddress.Parse(expected).Equals(result.Address), $"{name}: {result.Address}");
        Assert.Equal(source, result.Source.ToCode());
    }

    public static TheoryData<string, string?, string?> UnparseableHeaders => new()
    {
        { "garbage x-real-ip", "not-an-ip", null },
        { "x-real-ip with port", "198.51.100.1:5000", null },
        { "short ipv4", null, "1" },
        { "three parts", null, "1.2.3" },
        { "hex ipv4", null, "0x7f.0.0.1" },
        { "octal-looking ipv4", null, "010.0.0.1" },
        { "part over 255", null, "256.1.1.1" },
        { "five parts", null, "1.2.3.4.5" },
        { "ipv6 scope id", null, "fe80::1%eth0" },
        { "bracketed ipv6", null, "[2001:db8::1]" },
        { "bracketed with port", null, "[2001:db8::1]:443" },
        { "empty rightmost entry", null, "198.51.100.2, " },
        { "unknown token", null, "unknown" },
        { "overlong", null, new string('1', 100) },
        { "crlf", "198.51.100.1\r\nX: y", null },
    };

    [Theory]
    [MemberData(nameof(UnparseableHeaders))]
    public void Resolve_UnparseableHeaderFromTrustedProxy_FallsBackToPeer(string name, string? xRealIp, string? xForwardedFor)
    {
        using var resolver = Resolver("10.0.0.0/8");

        var result = resolver.Resolve(IPAddress.Parse("10.0.0.2"), xRealIp, xForwardedFor);

        Assert.True(IPAddress.Parse("10.0.0.2").Equals(result.Address), name);
        Assert.Equal(ClientAddressSource.Peer, result.Source);
    }

    public static TheoryData<string, string, string> MalformedBehindTrustedHop => new()
    {
        { "garbage after a trusted hop", "garbage, 10.0.0.3", "10.0.0.3" },
        { "port after two trusted hops", "198.51.100.2:443, 10.0.0.4, 10.0.0.3", "10.0.0.4" },
        { "empty entry after a trusted hop", "198.51.100.2, , 10.0.0.3", "10.0.0.3" },
    };

    [Theory]
    [MemberData(nameof(MalformedBehindTrustedHop))]
    public void Resolve_MalformedEntryBehindTrustedHop_NearestValidHop(string name, string xForwardedFor, string expected)
    {
        using var resolver = Resolver("10.0.0.0/8");

        var result = resolver.Resolve(IPAddress.Parse("10.0.0.2"), "198.51.100.9", xForwardedFor);

        Assert.True(IPAddress.Parse(expected).Equals(result.Address), $"{name}: {result.Address}");
        Assert.Equal(ClientAddressSource.XForwardedFor, result.Source);
    }

    public static TheoryData<string, int, string, string, string> LimitCases => new()
    {
        { "more trusted entries than the limit: the entry at the limit", 3, "198.51.100.2, 10.0.0.6, 10.0.0.5, 10.0.0.4, 10.0.0.3", "10.0.0.5", "x-forwarded-for-limit" },
        { "client found within the limit", 2, "10.9.9.9, 10.8.8.8, 198.51.100.2, 10.0.0.3", "198.51.100.2", "x-forwarded-for" },
        { "exactly the limit, all trusted: the leftmost", 2, "10.0.0.4, 10.0.0.3", "10.0.0.4", "x-forwarded-for" },
    };

    [Theory]
    [MemberData(nameof(LimitCases))]
    public void Resolve_ForwardLimit_StopsTheWalkAndSaysSo(string name, int limit, string xForwardedFor, string expected, string source)
    {
        using var resolver = Resolver(limit, "10.0.0.0/8");

        var result = resolver.Resolve(IPAddress.Parse("10.0.0.2"), null, xForwardedFor);

        Assert.True(IPAddress.Parse(expected).Equals(result.Address), $"{name}: {result.Address}");
        Assert.Equal(source, result.Source.ToCode());
    }

    [Fact]
    public void Resolve_ThousandsOfPrependedEntries_ClientIsTheProxysEntry()
    {
        using var resolver = Resolver("10.0.0.0/8");
        var spoofed = string.Join(", ", Enumerable.Range(0, 5000).Select(i => $"10.{i / 256 % 256}.{i % 256}.1"));

        var result = resolver.Resolve(IPAddress.Parse("10.0.0.2"), "10.1.1.1", spoofed + ", 203.0.113.50");

        Assert.Equal(IPAddress.Parse("203.0.113.50"), result.Address);
        Assert.Equal(ClientAddressSource.XForwardedFor, result.Source);
    }

    [Fact]
    public void Resolve_MappedPeer_ReportedAsIpv4()
    {
        using var resolver = Resolver();

        var result = resolver.Resolve(IPAddress.Parse("::ffff:203.0.113.7"), null, null);

        Assert.Equal(IPAddress.Parse("203.0.113.7"), result.Address);
    }

    [Fact]
    public void Resolve_OptionsReloaded_NewNetworksApply()
    {
        var options = new TrustedProxyOptions();
        var monitor = new StaticMonitor(options);
        using var resolver = new ClientAddressResolver(monitor, NullLogger<ClientAddressResolver>.Instance);
        Assert.Equal(ClientAddressSource.Peer, resolver.Resolve(IPAddress.Loopback, "198.51.100.1", null).Source);

        var reloaded = new TrustedProxyOptions();
        reloaded.Networks.Add("127.0.0.1/32");
        monitor.Change(reloaded);

        Assert.Equal(ClientAddressSource.XRealIp, resolver.Resolve(IPAddress.Loopback, "198.51.100.1", null).Source);
    }

    [Fact]
    public void ToCode_EachSource_StableAuditCode()
    {
        Assert.Equal("peer", ClientAddressSource.Peer.ToCode());
        Assert.Equal("x-real-ip", ClientAddressSource.XRealIp.ToCode());
        Assert.Equal("x-forwarded-for", ClientAddressSource.XForwardedFor.ToCode());
        Assert.Equal("x-forwarded-for-limit", ClientAddressSource.XForwardedForLimit.ToCode());
    }

    private sealed class StaticMonitor(TrustedProxyOptions value) : IOptionsMonitor<TrustedProxyOptions>
    {
        private Action<TrustedProxyOptions, string?>? _listener;

        public TrustedProxyOptions CurrentValue { get; private set; } = value;

        public TrustedProxyOptions Get(string? name) => CurrentValue;

        public IDisposable? OnChange(Action<TrustedProxyOptions, string?> listener)
        {
            _listener = listener;
            return null;
        }

        public void Change(TrustedProxyOptions options)
        {
            CurrentValue = options;
            _listener?.Invoke(options, null);
        }
    }
}
