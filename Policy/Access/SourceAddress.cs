using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace SecureStream.Policy.Access;

/// <summary>
/// One client as every per-source share counts it (docs/security.md, the resource model): an
/// IPv4 address as it is (an IPv4-mapped IPv6 address as its IPv4 form), an IPv6 address by its
/// /64 — one subscriber usually holds a whole /64, so counting single IPv6 addresses would give
/// one client 2^64 shares. The listeners, the gate, the session shares and the ICE-TCP port all
/// count with this one rule.
/// </summary>
internal static class SourceAddress
{
    /// <summary>The IPv6 prefix length that counts as one source.</summary>
    public const int Ipv6PrefixLength = 64;

    /// <summary>The source's address: the IPv4 address, or the IPv6 /64 prefix with its low 64 bits zero.</summary>
    public static IPAddress Of(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address;
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[(Ipv6PrefixLength / 8)..].Clear();
        return new IPAddress(bytes);
    }

    /// <summary>
    /// The same source as a number, for tables that count per source on a hot path (no
    /// <see cref="IPAddress"/> allocated). IPv6 keys keep the /64 in the high half and zero below;
    /// an IPv4 key lives in the low half with a marker bit above the 32 address bits, so the two
    /// families never share a key (0.0.0.0 included).
    /// </summary>
    public static UInt128 KeyOf(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var ipv4 = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        Span<byte> bytes = stackalloc byte[16];
        ipv4.TryWriteBytes(bytes, out _);
        return ipv4.AddressFamily == AddressFamily.InterNetwork
            ? (1UL << 32) | BinaryPrimitives.ReadUInt32BigEndian(bytes)
            : (UInt128)BinaryPrimitives.ReadUInt64BigEndian(bytes) << 64;
    }
}
