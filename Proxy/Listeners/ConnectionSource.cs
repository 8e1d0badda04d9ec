using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace SecureStream.Proxy.Listeners;

/// <summary>
/// Which source a connection counts against: an IPv4 address (also when it arrives IPv4-mapped
/// on a dual-stack socket), or an IPv6 /64, because one subscriber usually gets a whole /64 and
/// could otherwise open each connection from a new address.
/// </summary>
internal static class ConnectionSource
{
    public static UInt128 KeyOf(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        Span<byte> bytes = stackalloc byte[16];
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            // An IPv6 key has its low 64 bits zero; the marker bit above the 32 address bits
            // keeps every IPv4 key (0.0.0.0 included) apart from all of them.
            address.TryWriteBytes(bytes, out _);
            return (1UL << 32) | BinaryPrimitives.ReadUInt32BigEndian(bytes);
        }

        address.TryWriteBytes(bytes, out _);
        return (UInt128)BinaryPrimitives.ReadUInt64BigEndian(bytes) << 64;
    }
}
