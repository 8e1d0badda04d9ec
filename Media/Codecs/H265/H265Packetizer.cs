namespace SecureStream.Media.Codecs.H265;

/// <summary>
/// RFC 7798 packetization without DONL (sprop-max-don-diff = 0) for one access unit: a NAL unit
/// that fits is sent as a single NAL unit packet (§4.4.1), a larger one as fragmentation units
/// (§4.4.3). The sibling of <see cref="H264.H264Packetizer"/>, with the same contract.
/// </summary>
internal static class H265Packetizer
{
    /// <summary>The default largest RTP payload: well inside a 1500-byte MTU with IP, UDP, RTP and SRTP overheads.</summary>
    public const int DefaultMaxPayload = 1200;

    private const int NalHeaderSize = 2;
    private const int FuOverhead = 3;

    /// <summary>
    /// Payloads for the NAL units of one access unit, in order. Small NAL units are returned as
    /// slices of the input (no copy); FU fragments are new arrays. Units shorter than the 2-byte
    /// NAL header are skipped.
    /// </summary>
    public static ReadOnlyMemory<byte>[] Packetize(IReadOnlyList<ReadOnlyMemory<byte>> nalUnits, int maxPayload = DefaultMaxPayload)
    {
        ArgumentNullException.ThrowIfNull(nalUnits);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPayload, FuOverhead + 1);
        var payloads = new List<ReadOnlyMemory<byte>>();
        foreach (var unit in nalUnits)
        {
            if (unit.Length < NalHeaderSize)
            {
                continue;
            }

            if (unit.Length <= maxPayload)
            {
                payloads.Add(unit);
                continue;
            }

            // §4.4.3: the payload header copies F, LayerId and TID from the NAL header with
            // Type = 49; the FU header carries S, E and the original type. The 2-byte NAL header
            // itself is not sent: the receiver rebuilds it from the two.
            var span = unit.Span;
            var header0 = (byte)((span[0] & 0x81) | (H265NalType.FragmentationUnit << 1));
            var header1 = span[1];
            var type = (byte)((span[0] >> 1) & 0x3F);
            var chunk = maxPayload - FuOverhead;
            for (var offset = NalHeaderSize; offset < span.Length; offset += chunk)
            {
                var length = Math.Min(chunk, span.Length - offset);
                var fragment = new byte[length + FuOverhead];
                fragment[0] = header0;
                fragment[1] = header1;
                fragment[2] = (byte)(type
                    | (offset == NalHeaderSize ? 0x80 : 0)
                    | (offset + length == span.Length ? 0x40 : 0));
                span.Slice(offset, length).CopyTo(fragment.AsSpan(FuOverhead));
                payloads.Add(fragment);
            }
        }

        return [.. payloads];
    }
}
