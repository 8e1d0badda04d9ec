using System.Net;
using System.Net.Sockets;
using SecureStream.Policy.Access;

namespace SecureStream.Proxy.Gate;

/// <summary>
/// The unit one client counts as for refusal aggregation, lockout and pending admissions: an
/// IPv4 address, or an IPv6 /64 — one subscriber's allocation, which a single client can fill
/// with as many addresses as it likes (docs/security.md "Refusals, lockout and pending admissions").
/// </summary>
internal readonly record struct ClientSource
{
    /// <summary>The IPv6 prefix length that counts as one source.</summary>
    public const int Ipv6PrefixLength = SourceAddress.Ipv6PrefixLength;

    private ClientSource(IPNetwork network) => Network = network;

    public IPNetwork Network { get; }

    public static ClientSource Of(IPAddress address)
    {
        var source = SourceAddress.Of(address);
        return new ClientSource(new IPNetwork(source, source.AddressFamily == AddressFamily.InterNetworkV6 ? Ipv6PrefixLength : 32));
    }

    /// <summary>The address for IPv4 (<c>203.0.113.7</c>), the prefix for IPv6 (<c>2001:db8:1:2::/64</c>).</summary>
    public override string ToString() =>
        Network.BaseAddress.AddressFamily == AddressFamily.InterNetworkV6 ? Network.ToString() : Network.BaseAddress.ToString();
}
