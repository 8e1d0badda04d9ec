namespace SecureStream.Media.Codecs.H264;

/// <summary>
/// RFC 6184 packetization mode 1 (non-interleaved) for one access unit: a NAL unit that fits is
/// sent as a single NAL unit packet (§5.6), a larger one as FU-A fragments (§5.8). Runs once per
/// clip at load (demo cameras) or once per camera track (the WebRTC output), never per viewer.
/// </summary>
internal static class H264Packetizer
{
    /// <summary>The default largest RTP payload: well inside a 1500-byte MTU with IP, UDP, RTP and SRTP overheads.</summary>
    public const int DefaultMaxPayload = 1200;

    /// <summary>
    /// Payloads for the NAL units of one access unit, in order. Small NAL units are returned as
    /// slices of the input (no copy); FU-A fragments are new arrays.
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
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPayload, 3);
        var pieces = new List<PayloadPiece>(nalUnits.Count);
        foreach (var unit in nalUnits)
        {
            if (unit.IsEmpty)
            {
                continue;
            }

            if (unit.Length <= maxPayload)
            {
                pieces.Add(new PayloadPiece(unit));
                continue;
            }

            // §5.8: the FU indicator keeps F and NRI of the NAL header with type 28; the FU header
            // carries S (first), E (last) and the original type. The NAL header byte itself is
            // not sent: the receiver rebuilds it from the two.
            var first = unit.Span[0];
            var indicator = (byte)((first & 0xE0) | H264NalType.FuA);
            var type = (byte)(first & 0x1F);
            var chunk = maxPayload - 2;
            for (var offset = 1; offset < unit.Length; offset += chunk)
            {
                var length = Math.Min(chunk, unit.Length - offset);
                var header = (byte)(type
                    | (offset == 1 ? 0x80 : 0)
                    | (offset + length == unit.Length ? 0x40 : 0));
                pieces.Add(new PayloadPiece(unit.Slice(offset, length), 2, indicator, header));
            }
        }

        return pieces;
    }
}
