using System.Net;
using System.Net.Sockets;

namespace SecureStream.Proxy.Gate;

/// <summary>
/// The unit one client counts as for refusal aggregation, lockout and pending admissions: an
/// IPv4 address, or an IPv6 /64 — one subscriber's allocation, which a single client can fill
/// with as many addresses as it likes (docs/security.md "Refusals, lockout and pending admissions").
/// </summary>
internal readonly record struct ClientSource
{
    /// <summary>The IPv6 prefix length that counts as one source.</summary>
    public const int Ipv6PrefixLength = 64;

    private ClientSource(IPNetwork network) => Network = network;

    public IPNetwork Network { get; }

    public static ClientSource Of(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return new ClientSource(new IPNetwork(address, 32));
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[(Ipv6PrefixLength / 8)..].Clear();
        return new ClientSource(new IPNetwork(new IPAddress(bytes), Ipv6PrefixLength));
    }

    /// <summary>The address for IPv4 (<c>203.0.113.7</c>), the prefix for IPv6 (<c>2001:db8:1:2::/64</c>).</summary>
    public override string ToString() =>
        Network.BaseAddress.AddressFamily == AddressFamily.InterNetworkV6 ? Network.ToString() : Network.BaseAddress.ToString();
}
