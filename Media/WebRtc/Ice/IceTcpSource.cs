using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace SecureStream.Media.WebRtc.Ice;

/// <summary>
/// The source an ICE-TCP connection counts against in <see cref="IceTcpUnverifiedPool"/>: an
/// IPv4 address (also IPv4-mapped), or an IPv6 /64, since one subscriber usually holds a whole /64.
/// </summary>
internal static class IceTcpSource
{
    public static UInt128 KeyOf(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var ipv4 = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        Span<byte> bytes = stackalloc byte[16];
        ipv4.TryWriteBytes(bytes, out _);

        // IPv6 keys keep the /64 in the high half and zero below; an IPv4 key lives in the low
        // half with a marker bit, so the two families never share a key.
        return ipv4.AddressFamily == AddressFamily.InterNetwork
            ? (1UL << 32) | BinaryPrimitives.ReadUInt32BigEndian(bytes)
            : (UInt128)BinaryPrimitives.ReadUInt64BigEndian(bytes) << 64;
    }
}
