namespace SecureStream.Media.Rtp;

/// <summary>
/// Walks an RTCP compound packet (RFC 3550 §6.1) one packet at a time without copying. Each
/// packet's length must fit what is left, padding may only end the last packet (§6.4.1, A.2),
/// and SR, RR, SDES, BYE and APP bodies are checked against their own counts before they are
/// handed out. The first error stops the walk; <see cref="Validate"/> checks a whole compound.
/// </summary>
internal ref struct RtcpCompoundReader
{
    private ReadOnlySpan<byte> _rest;

    public RtcpCompoundReader(ReadOnlySpan<byte> data)
    {
        _rest = data;
        Error = data.IsEmpty ? RtcpError.Empty : RtcpError.None;
    }

    public RtcpError Error { get; private set; }

    public static RtcpError Validate(ReadOnlySpan<byte> data)
    {
        var reader = new RtcpCompoundReader(data);
        while (reader.TryReadNext(out _))
        {
        }

        return reader.Error;
    }

    /// <summary>The next packet; false at the end or on an error (then <see cref="Error"/> says which).</summary>
    public bool TryReadNext(out RtcpPacket packet)
    {
        packet = default;
        if (Error != RtcpError.None || _rest.IsEmpty)
        {
            return false;
        }

        if (!RtcpHeader.TryRead(_rest, out var header, out var headerError))
        {
            return Fail(headerError);
        }

        var length = header.DeclaredLength;
        if (length > _rest.Length)
        {
            return Fail(RtcpError.LengthPastEnd);
        }

        var whole = _rest[..length];
        var body = whole[RtcpHeader.Size..];
        if (header.HasPadding)
        {
            var padding = whole[^1];
            if (length != _rest.Length || padding == 0 || padding > body.Length || padding % 4 != 0)
            {
                return Fail(RtcpError.BadPadding);
            }

            body = body[..^padding];
        }

        var count = header.Count;
        var type = header.Type;
        var error = CheckBody(type, count, body);
        if (error != RtcpError.None)
        {
            return Fail(error);
        }

        _rest = _rest[length..];
        packet = new RtcpPacket(type, count, body);
        return true;
    }

    private static RtcpError CheckBody(byte type, int count, ReadOnlySpan<byte> body) => type switch
    {
        // §6.4.1: SSRC, 20-byte sender info, then count blocks; profile extensions may follow.
        RtcpPacketType.SenderReport => body.Length >= 24 + (count * RtcpReportBlock.Size) ? RtcpError.None : RtcpError.BadSenderReport,

        // §6.4.2: SSRC, then count blocks.
        RtcpPacketType.ReceiverReport => body.Length >= 4 + (count * RtcpReportBlock.Size) ? RtcpError.None : RtcpError.BadReceiverReport,
        RtcpPacketType.SourceDescription => CheckSourceDescription(count, body) ? RtcpError.None : RtcpError.BadSourceDescription,
        RtcpPacketType.Goodbye => CheckGoodbye(count, body) ? RtcpError.None : RtcpError.BadGoodbye,

        // §6.7: SSRC and a 4-character name, then application data in whole words.
        RtcpPacketType.Application => body.Length >= 8 && body.Length % 4 == 0 ? RtcpError.None : RtcpError.BadApplication,
        _ => RtcpError.None,
    };

    private static bool CheckSourceDescription(int count, ReadOnlySpan<byte> body)
    {
        // §6.5: each chunk is an SSRC, items (type, length, text), a null item, and padding to a word.
        var offset = 0;
        for (var chunk = 0; chunk < count; chunk++)
        {
            if (body.Length - offset < 4)
            {
                return false;
            }

            offset += 4;
            while (true)
            {
                if (offset >= body.Length)
                {
                    return false;
                }

                if (body[offset] == 0)
                {
                    offset++;
                    offset = (offset + 3) & ~3;
                    break;
                }

                if (body.Length - offset < 2 || body.Length - offset - 2 < body[offset + 1])
                {
                    return false;
                }

                offset += 2 + body[offset + 1];
            }

            if (offset > body.Length)
            {
                return false;
            }
        }

        return true;
    }

    private static bool CheckGoodbye(int count, ReadOnlySpan<byte> body)
    {
        // §6.6: count SSRCs, then an optional reason (length octet + text).
        var offset = count * 4;
        if (offset > body.Length)
        {
            return false;
        }

        return offset == body.Length || body.Length - offset - 1 >= body[offset];
    }

    private bool Fail(RtcpError error)
    {
        Error = error;
        _rest = default;
        return false;
    }
}
