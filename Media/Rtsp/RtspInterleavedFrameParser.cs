using System.Buffers;

namespace SecureStream.Media.Rtsp;

/// <summary>
/// Interleaved binary data on the RTSP connection (RFC 2326 §10.12): '$', a one-byte channel, a
/// two-byte big-endian length, then that many bytes of RTP or RTCP. The length field cannot exceed
/// 65535, so this format needs no further bound.
/// </summary>
internal static class RtspInterleavedFrameParser
{
    public const byte Marker = (byte)'$';

    /// <summary>True when the next bytes are a frame marker (the reader must not be empty).</summary>
    public static bool IsFrameStart(in SequenceReader<byte> reader) => reader.TryPeek(out var b) && b == Marker;

    /// <summary>
    /// Reads one frame. False means need more data (the reader is left as it was). The payload is a
    /// slice of the receive buffer, valid until the caller consumes the buffer.
    /// </summary>
    public static bool TryParse(ref SequenceReader<byte> reader, out byte channel, out ReadOnlySequence<byte> payload)
    {
        channel = 0;
        payload = default;
        var copy = reader;
        if (!copy.TryRead(out var marker) || marker != Marker || !copy.TryRead(out channel)
            || !copy.TryReadBigEndian(out short length))
        {
            return false;
        }

        var size = (ushort)length;
        if (copy.Remaining < size)
        {
            return false;
        }

        payload = copy.UnreadSequence.Slice(0, size);
        copy.Advance(size);
        reader = copy;
        return true;
    }
}
