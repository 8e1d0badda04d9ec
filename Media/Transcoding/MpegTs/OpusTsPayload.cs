namespace SecureStream.Media.Transcoding.MpegTs;

/// <summary>
/// Opus packets out of a PES payload (the Opus-in-MPEG-TS mapping that
/// ffmpeg writes): each access unit is an 11-bit control prefix 0x3FF (the bytes 0x7F 0xE0 with the
/// flags masked), start/end trim and extension flags, a size coded as a run of 0xFF bytes plus a
/// last byte, the optional trim and extension fields, then the Opus packet.
/// </summary>
internal static class OpusTsPayload
{
    /// <summary>Most Opus packets taken from one PES (ffmpeg writes one; a stream of tiny ones is not a real encoder).</summary>
    public const int MaxPacketsPerPes = 64;

    /// <summary>Adds the Opus packets of <paramref name="payload"/>; false when it does not parse (what parsed before stays).</summary>
    public static bool TrySplit(ReadOnlyMemory<byte> payload, ICollection<ReadOnlyMemory<byte>> packets)
    {
        ArgumentNullException.ThrowIfNull(packets);
        var span = payload.Span;
        var at = 0;
        var count = 0;
        while (at < span.Length)
        {
            if (count == MaxPacketsPerPes || at + 2 > span.Length || span[at] != 0x7F || (span[at + 1] & 0xE0) != 0xE0)
            {
                return false;
            }

            var flags = span[at + 1];
            at += 2;
            var size = 0;
            while (true)
            {
                if (at >= span.Length)
                {
                    return false;
                }

                var b = span[at++];
                size += b;
                if (b != 0xFF)
                {
                    break;
                }
            }

            // start_trim (0x10) and end_trim (0x08): 16 bits each; control_extension (0x04): a length byte and that many bytes.
            at += ((flags & 0x10) != 0 ? 2 : 0) + ((flags & 0x08) != 0 ? 2 : 0);
            if ((flags & 0x04) != 0)
            {
                if (at >= span.Length)
                {
                    return false;
                }

                at += 1 + span[at];
            }

            if (size == 0 || at + size > span.Length)
            {
                return false;
            }

            packets.Add(payload.Slice(at, size));
            at += size;
            count++;
        }

        return count > 0;
    }
}
