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
        => PayloadPiece.ToPayloads(Pieces(nalUnits, maxPayload));

    /// <summary>
    /// The same payloads as <see cref="Packetize"/>, described as pieces whose bodies are slices of
    /// the input: nothing is copied.
    /// </summary>
    public static List<PayloadPiece> Pieces(IReadOnlyList<ReadOnlyMemory<byte>> nalUnits, int maxPayload = DefaultMaxPayload)
    {
        ArgumentNullException.ThrowIfNull(nalUnits);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPayload, FuOverhead + 1);
        var pieces = new List<PayloadPiece>(nalUnits.Count);
        foreach (var unit in nalUnits)
        {
            if (unit.Length < NalHeaderSize)
            {
                continue;
            }

            if (unit.Length <= maxPayload)
            {
                pieces.Add(new PayloadPiece(unit));
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
            for (var offset = NalHeaderSize; offset < unit.Length; offset += chunk)
            {
                var length = Math.Min(chunk, unit.Length - offset);
                var fuHeader = (byte)(type
                    | (offset == NalHeaderSize ? 0x80 : 0)
                    | (offset + length == unit.Length ? 0x40 : 0));
                pieces.Add(new PayloadPiece(unit.Slice(offset, length), FuOverhead, header0, header1, fuHeader));
            }
        }

        return pieces;
    }
}
