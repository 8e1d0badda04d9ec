using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace SecureStream.Media.WebRtc.Batching;

/// <summary>
/// The libc calls and structures of the Linux batch sends (sendmmsg(2), udp(7) <c>UDP_SEGMENT</c>),
/// with the x86-64/arm64 layouts the kernel expects. Only <see cref="LinuxDatagramBatchSender"/>
/// and <see cref="DatagramSendPathProbe"/> use it, and only after <see cref="OperatingSystem.IsLinux"/>.
/// </summary>
internal static unsafe partial class LinuxUdpInterop
{
    public const int SolUdp = 17;
    public const int UdpSegment = 103;
    public const int MsgDontWait = 0x40;

    /// <summary>The kernel refuses a GSO send of more segments than this (UDP_MAX_SEGMENTS; 128 from Linux 6.9, 64 before).</summary>
    public const int MaxSegments = 64;

    /// <summary>A GSO message is one UDP datagram before segmentation: its payload must fit the 16-bit IP length with headers.</summary>
    public const int MaxSegmentedBytes = 65000;

    public const int EIntr = 4;
    public const int EIo = 5;
    public const int EAgain = 11;
    public const int EInval = 22;
    public const int ENoSys = 38;
    public const int EMsgSize = 90;
    public const int ENoProtoOpt = 92;
    public const int EOpNotSupp = 95;
    public const int ENoBufs = 105;

    private const ushort AfInet = 2;
    private const ushort AfInet6 = 10;

    /// <summary>Bytes of a sockaddr_in6, the larger of the two addresses written here.</summary>
    public const int MaxSocketAddressSize = 28;

    /// <summary>CMSG_LEN(sizeof(uint16_t)): the header and the segment size.</summary>
    public static int ControlLength => sizeof(ControlHeader) + sizeof(ushort);

    /// <summary>CMSG_SPACE(sizeof(uint16_t)): the same, padded to the header's alignment.</summary>
    public static int ControlSpace => sizeof(ControlHeader) + ((sizeof(ushort) + sizeof(nuint) - 1) & ~(sizeof(nuint) - 1));

    [LibraryImport("libc", EntryPoint = "sendmmsg", SetLastError = true)]
    public static partial int SendMultipleMessages(SafeHandle socket, MultipleMessageHeader* messages, uint count, int flags);

    [LibraryImport("libc", EntryPoint = "setsockopt", SetLastError = true)]
    public static partial int SetSocketOption(SafeHandle socket, int level, int name, int* value, uint length);

    [LibraryImport("libc", EntryPoint = "getsockopt", SetLastError = true)]
    public static partial int GetSocketOption(SafeHandle socket, int level, int name, int* value, uint* length);

    /// <summary>
    /// Writes <paramref name="destination"/> as the sockaddr a socket of <paramref name="socketFamily"/>
    /// takes (an IPv4 address as IPv4-mapped on a dual-stack IPv6 socket); returns its length.
    /// </summary>
    public static int WriteSocketAddress(IPEndPoint destination, AddressFamily socketFamily, Span<byte> output)
    {
        var address = destination.Address;
        if (socketFamily == AddressFamily.InterNetworkV6 && address.AddressFamily == AddressFamily.InterNetwork)
        {
            address = address.MapToIPv6();
        }

        output[..MaxSocketAddressSize].Clear();
        BinaryPrimitives.WriteUInt16BigEndian(output[2..], (ushort)destination.Port);
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            MemoryMarshal.Write(output, AfInet);
            address.TryWriteBytes(output[4..8], out _);
            return 16;
        }

        MemoryMarshal.Write(output, AfInet6);
        address.TryWriteBytes(output[8..24], out _);
        MemoryMarshal.Write(output[24..], (uint)address.ScopeId);
        return MaxSocketAddressSize;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct IoVector
    {
        public byte* Base;
        public nuint Length;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct MessageHeader
    {
        public byte* Name;
        public uint NameLength;
        public IoVector* Vectors;
        public nuint VectorCount;
        public byte* Control;
        public nuint ControlLength;
        public int Flags;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct MultipleMessageHeader
    {
        public MessageHeader Header;
        public uint Length;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct ControlHeader
    {
        public nuint Length;
        public int Level;
        public int Type;
    }
}
