using System.Buffers.Binary;

namespace SecureStream.Media.Rtsp;

/// <summary>A receiver report with one block (RFC 3550 §6.4.2). Loss and jitter are reported as 0: the camera only needs to know a receiver is alive.</summary>
internal static class RtcpReceiverReport
{
    public const int Size = 32;

    public static int Write(Span<byte> destination, uint reporterSsrc, uint sourceSsrc, uint extendedHighestSequence, uint lastSenderReport, uint delaySinceLastSenderReport)
    {
        if (destination.Length < Size)
        {
            return 0;
        }

        destination[..Size].Clear();
        destination[0] = 0x81;                                              // V=2, P=0, RC=1
        destination[1] = 201;                                               // PT=RR
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], Size / 4 - 1); // length in 32-bit words minus one
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], reporterSsrc);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], sourceSsrc);
        // bytes 12–15: fraction lost and cumulative lost, left 0
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], extendedHighestSequence);
        // bytes 20–23: interarrival jitter, left 0
        BinaryPrimitives.WriteUInt32BigEndian(destination[24..], lastSenderReport);
        BinaryPrimitives.WriteUInt32BigEndian(destination[28..], delaySinceLastSenderReport);
        return Size;
    }
}
