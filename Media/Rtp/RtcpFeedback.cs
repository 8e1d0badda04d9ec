using System.Buffers.Binary;

namespace SecureStream.Media.Rtp;

/// <summary>
/// A view of one feedback packet (RFC 4585 §6.1) inside a compound packet that
/// <see cref="RtcpCompoundReader"/> already walked: sender SSRC, media source SSRC and the FCI.
/// <see cref="TryRead"/> accepts only the three messages we act on, with an FCI of the exact
/// shape their sections define; anything else is refused without throwing.
/// </summary>
internal readonly ref struct RtcpFeedback
{
    private const int CommonSize = 8;
    private const int NackEntrySize = 4;
    private const int FirEntrySize = 8;

    private RtcpFeedback(RtcpFeedbackKind kind, uint senderSsrc, uint mediaSsrc, ReadOnlySpan<byte> fci)
    {
        Kind = kind;
        SenderSsrc = senderSsrc;
        MediaSsrc = mediaSsrc;
        Fci = fci;
    }

    public RtcpFeedbackKind Kind { get; }

    /// <summary>SSRC of packet sender (the viewer's receiver SSRC).</summary>
    public uint SenderSsrc { get; }

    /// <summary>SSRC of media source: ours for NACK and PLI; RFC 5104 §4.3.1.2 says it is unused (0) for FIR.</summary>
    public uint MediaSsrc { get; }

    /// <summary>Feedback control information, checked to be whole entries.</summary>
    public ReadOnlySpan<byte> Fci { get; }

    /// <summary>NACK: the number of PID/BLP entries; each names up to 17 sequence numbers.</summary>
    public int NackEntryCount => Kind == RtcpFeedbackKind.GenericNack ? Fci.Length / NackEntrySize : 0;

    /// <summary>FIR: the number of (SSRC, command sequence number) entries.</summary>
    public int FirEntryCount => Kind == RtcpFeedbackKind.FullIntraRequest ? Fci.Length / FirEntrySize : 0;

    /// <summary>False for other types and formats, or an FCI of the wrong shape.</summary>
    public static bool TryRead(RtcpPacket packet, out RtcpFeedback feedback)
    {
        feedback = default;
        var body = packet.Body;
        if (body.Length < CommonSize)
        {
            return false;
        }

        // The 5-bit count field is the feedback message type (FMT) in RTPFB and PSFB (§6.1).
        RtcpFeedbackKind kind;
        var fci = body[CommonSize..];
        switch (packet.Type, packet.Count)
        {
            case (RtcpPacketType.TransportFeedback, 1) when !fci.IsEmpty && fci.Length % NackEntrySize == 0:
                kind = RtcpFeedbackKind.GenericNack;
                break;
            case (RtcpPacketType.PayloadFeedback, 1) when fci.IsEmpty:
                // §6.3.1.2: PLI carries no FCI.
                kind = RtcpFeedbackKind.PictureLossIndication;
                break;
            case (RtcpPacketType.PayloadFeedback, 4) when !fci.IsEmpty && fci.Length % FirEntrySize == 0:
                kind = RtcpFeedbackKind.FullIntraRequest;
                break;
            default:
                return false;
        }

        feedback = new RtcpFeedback(
            kind,
            BinaryPrimitives.ReadUInt32BigEndian(body),
            BinaryPrimitives.ReadUInt32BigEndian(body[4..]),
            fci);
        return true;
    }

    /// <summary>
    /// NACK: writes the lost sequence numbers (§6.2.1: PID, then PID + i + 1 for each bit i set in
    /// BLP) into <paramref name="destination"/>, in order, and returns how many were written; the
    /// rest are cut off when <paramref name="destination"/> is full.
    /// </summary>
    public int CopyNackSequences(Span<ushort> destination)
    {
        var written = 0;
        for (var entry = 0; entry < NackEntryCount; entry++)
        {
            var at = Fci.Slice(entry * NackEntrySize, NackEntrySize);
            var pid = BinaryPrimitives.ReadUInt16BigEndian(at);
            var blp = BinaryPrimitives.ReadUInt16BigEndian(at[2..]);
            if (written >= destination.Length)
            {
                return written;
            }

            destination[written++] = pid;
            for (var bit = 0; bit < 16; bit++)
            {
                if ((blp & (1 << bit)) == 0)
                {
                    continue;
                }

                if (written >= destination.Length)
                {
                    return written;
                }

                destination[written++] = (ushort)(pid + bit + 1);
            }
        }

        return written;
    }

    /// <summary>FIR: the <paramref name="index"/>th entry (RFC 5104 §4.3.1.1: SSRC, 8-bit command sequence number, 24 reserved bits).</summary>
    public bool TryGetFirEntry(int index, out uint ssrc, out byte sequenceNumber)
    {
        ssrc = 0;
        sequenceNumber = 0;
        if (index < 0 || index >= FirEntryCount)
        {
            return false;
        }

        var at = Fci.Slice(index * FirEntrySize, FirEntrySize);
        ssrc = BinaryPrimitives.ReadUInt32BigEndian(at);
        sequenceNumber = at[4];
        return true;
    }
}
