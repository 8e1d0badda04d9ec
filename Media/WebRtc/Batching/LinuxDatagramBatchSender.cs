using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using static SecureStream.Media.WebRtc.Batching.LinuxUdpInterop;

namespace SecureStream.Media.WebRtc.Batching;

/// <summary>
/// Sends a batch with <c>sendmmsg</c> and <c>MSG_DONTWAIT</c>: one system call for up to
/// <see cref="MessagesPerCall"/> messages. With segmentation offload each message is a run of
/// equal-size datagrams (the run's last may be shorter, at most <see cref="LinuxUdpInterop.MaxSegments"/>
/// of them and <see cref="LinuxUdpInterop.MaxSegmentedBytes"/> bytes) that the kernel cuts into
/// datagrams (<c>UDP_SEGMENT</c>, udp(7)), so it builds and routes one buffer for the run;
/// without, each message is one datagram.
/// </summary>
/// <remarks>
/// When the socket would block (EAGAIN, ENOBUFS) the datagrams not yet sent are reported, never
/// dropped: the caller sends them awaited. A device that refuses segmentation (EIO: no checksum
/// offload, EINVAL: a segment larger than the path's MTU) turns it off for this sender and the
/// batch is sent again unsegmented from where it stopped.
/// </remarks>
internal sealed unsafe class LinuxDatagramBatchSender : IDatagramBatchSender
{
    /// <summary>Messages per system call: bounded so the headers fit on the stack (a 300-packet keyframe takes a few calls with GSO off).</summary>
    public const int MessagesPerCall = 64;

    private volatile bool _segmentOffload;
    private long _segmentOffloadRefused;

    public LinuxDatagramBatchSender(bool segmentOffload)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("sendmmsg and UDP_SEGMENT are Linux system calls.");
        }

        _segmentOffload = segmentOffload;
    }

    public DatagramSendPath Path => _segmentOffload ? DatagramSendPath.Gso : DatagramSendPath.Sendmmsg;

    /// <summary>Times the kernel refused a segmented send (and segmentation was turned off).</summary>
    public long SegmentOffloadRefused => Interlocked.Read(ref _segmentOffloadRefused);

    public DatagramBatchResult TrySend(Socket socket, ReadOnlySpan<byte> buffer, ReadOnlySpan<int> lengths, IPEndPoint destination)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentNullException.ThrowIfNull(destination);
        var name = stackalloc byte[MaxSocketAddressSize];
        var nameLength = (uint)WriteSocketAddress(destination, socket.AddressFamily, new Span<byte>(name, MaxSocketAddressSize));
        var messages = stackalloc MultipleMessageHeader[MessagesPerCall];
        var vectors = stackalloc IoVector[MessagesPerCall];
        var datagramsPerMessage = stackalloc int[MessagesPerCall];
        var controlSpace = ControlSpace;
        var controls = stackalloc byte[MessagesPerCall * controlSpace];
        var sent = 0;
        var offset = 0;
        fixed (byte* data = buffer)
        {
            while (sent < lengths.Length)
            {
                var segment = _segmentOffload;
                var count = 0;
                var next = sent;
                var end = offset;
                while (count < MessagesPerCall && next < lengths.Length)
                {
                    var datagrams = segment ? RunLength(lengths[next..]) : 1;
                    var bytes = 0;
                    for (var i = 0; i < datagrams; i++)
                    {
                        bytes += lengths[next + i];
                    }

                    if (end + bytes > buffer.Length)
                    {
                        throw new ArgumentException("The lengths add up to more than the buffer.", nameof(lengths));
                    }

                    vectors[count] = new IoVector { Base = data + end, Length = (nuint)bytes };
                    ref var header = ref messages[count].Header;
                    header = new MessageHeader { Name = name, NameLength = nameLength, Vectors = vectors + count, VectorCount = 1 };
                    if (datagrams > 1)
                    {
                        var control = controls + (count * controlSpace);
                        *(ControlHeader*)control = new ControlHeader { Length = (nuint)ControlLength, Level = SolUdp, Type = UdpSegment };
                        *(ushort*)(control + sizeof(ControlHeader)) = (ushort)lengths[next];
                        header.Control = control;
                        header.ControlLength = (nuint)controlSpace;
                    }

                    messages[count].Length = 0;
                    datagramsPerMessage[count] = datagrams;
                    end += bytes;
                    next += datagrams;
                    count++;
                }

                var accepted = SendMultipleMessages(socket.SafeHandle, messages, (uint)count, MsgDontWait);
                if (accepted <= 0)
                {
                    var error = accepted == 0 ? EAgain : Marshal.GetLastPInvokeError();
                    switch (error)
                    {
                        case EIntr:
                            continue;
                        case EAgain or ENoBufs:
                            return new DatagramBatchResult(sent, DatagramBatchStatus.Incomplete);
                        case EIo or EInval when segment && datagramsPerMessage[0] > 1:
                            // The first message was a segmented one, so the refusal may be the offload's.
                            _segmentOffload = false;
                            Interlocked.Increment(ref _segmentOffloadRefused);
                            continue;
                        default:
                            return new DatagramBatchResult(sent, DatagramBatchStatus.Failed);
                    }
                }

                for (var i = 0; i < accepted; i++)
                {
                    sent += datagramsPerMessage[i];
                    offset += (int)vectors[i].Length;
                }
            }
        }

        return new DatagramBatchResult(sent, DatagramBatchStatus.Complete);
    }

    /// <summary>
    /// How many datagrams from the first make one segmented message: those of the first's size,
    /// then at most one shorter (the kernel's last segment may be short), within the kernel's limits.
    /// </summary>
    internal static int RunLength(ReadOnlySpan<int> lengths)
    {
        var size = lengths[0];
        var count = 1;
        var bytes = size;
        while (count < lengths.Length && count < MaxSegments && bytes + lengths[count] <= MaxSegmentedBytes && lengths[count] <= size)
        {
            bytes += lengths[count];
            count++;
            if (lengths[count - 1] < size)
            {
                break;
            }
        }

        return count;
    }
}
