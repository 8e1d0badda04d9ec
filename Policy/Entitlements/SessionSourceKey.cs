using System.Net;
using System.Net.Sockets;

namespace SecureStream.Policy.Entitlements;

/// <summary>
/// The address a per-source session share is counted under: an IPv4 address as it is (an
/// IPv4-mapped IPv6 address as its IPv4 form), an IPv6 address by its /64 — one subscriber
/// usually holds a whole /64, so counting single IPv6 addresses would give one client 2^64 shares.
/// </summary>
internal static class SessionSourceKey
{
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
        bytes[8..].Clear();
        return new IPAddress(bytes);
    }
}
