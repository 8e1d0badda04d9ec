namespace SecureStream.Media.Codecs;

/// <summary>
/// One RTP payload of a video access unit, described instead of copied: up to three prefix bytes
/// (a fragmentation unit's headers, RFC 6184 §5.8, RFC 7798 §4.4.3) followed by
/// <see cref="Body"/>, a slice of the NAL unit. A single NAL unit packet has no prefix and the
/// whole unit as its body. Describing the payload lets the WebRTC output keep one copy of a
/// frame's bytes (the frame's own) for as long as its packets are kept.
/// </summary>
internal readonly record struct PayloadPiece(ReadOnlyMemory<byte> Body, byte PrefixLength = 0, byte Prefix0 = 0, byte Prefix1 = 0, byte Prefix2 = 0)
{
    /// <summary>The payload's length: prefix and body.</summary>
    public int Length => PrefixLength + Body.Length;

    /// <summary>Writes the prefix bytes into <paramref name="destination"/>; returns how many.</summary>
    public int WritePrefix(Span<byte> destination)
    {
        switch (PrefixLength)
        {
            case 3:
                destination[2] = Prefix2;
                goto case 2;
            case 2:
                destination[1] = Prefix1;
                destination[0] = Prefix0;
                break;
            case 1:
                destination[0] = Prefix0;
                break;
        }

        return PrefixLength;
    }

    /// <summary>Each piece as one payload (<see cref="ToMemory"/>), in order: what the packetizers' <c>Packetize</c> return.</summary>
    public static ReadOnlyMemory<byte>[] ToPayloads(List<PayloadPiece> pieces)
    {
        ArgumentNullException.ThrowIfNull(pieces);
        var payloads = new ReadOnlyMemory<byte>[pieces.Count];
        for (var i = 0; i < payloads.Length; i++)
        {
            payloads[i] = pieces[i].ToMemory();
        }

        return payloads;
    }

    /// <summary>The payload as one new array (prefix and body).</summary>
    public ReadOnlyMemory<byte> ToMemory()
    {
        if (PrefixLength == 0)
        {
            return Body;
        }

        var payload = new byte[Length];
        Body.Span.CopyTo(payload.AsSpan(WritePrefix(payload)));
        return payload;
    }
}
