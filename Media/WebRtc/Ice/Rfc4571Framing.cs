using System.Buffers;
using System.Buffers.Binary;

namespace SecureStream.Media.WebRtc.Ice;

/// <summary>
/// RFC 4571 §2 framing, which ICE-TCP uses for STUN, DTLS and SRTP (RFC 6544 §3): each packet is
/// preceded by its length as a 16-bit big-endian number. A zero length carries nothing any of
/// those protocols can use and is refused, which closes the connection.
/// </summary>
internal static class Rfc4571Framing
{
    public const int LengthPrefixSize = 2;

    public const int MaxFrameSize = ushort.MaxValue;

    public static FrameReadResult TryReadFrame(ref SequenceReader<byte> reader, out ReadOnlySequence<byte> frame)
    {
        frame = default;
        if (!reader.TryReadBigEndian(out short signedLength))
        {
            return FrameReadResult.NeedMoreData;
        }

        var length = (ushort)signedLength;
        if (length == 0)
        {
            return FrameReadResult.Invalid;
        }

        if (reader.Remaining < length)
        {
            reader.Rewind(LengthPrefixSize);
            return FrameReadResult.NeedMoreData;
        }

        frame = reader.UnreadSequence.Slice(0, length);
        reader.Advance(length);
        return FrameReadResult.Complete;
    }

    /// <summary>Writes the 2-byte prefix and <paramref name="payload"/> into <paramref name="destination"/>; returns bytes written.</summary>
    public static int WriteFrame(ReadOnlySpan<byte> payload, Span<byte> destination)
    {
        if (payload.IsEmpty || payload.Length > MaxFrameSize)
        {
            throw new ArgumentException($"An RFC 4571 frame carries 1–{MaxFrameSize} bytes.", nameof(payload));
        }

        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)payload.Length);
        payload.CopyTo(destination[LengthPrefixSize..]);
        return LengthPrefixSize + payload.Length;
    }
}
