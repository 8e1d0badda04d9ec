using System.Buffers.Binary;

namespace SecureStream.Media.Rtp;

/// <summary>
/// Writes the compound packet a receiver sends to ask a camera for a keyframe: an empty Receiver
/// Report and an SDES CNAME first (RFC 3550 §6.1: every compound packet starts with a report and
/// carries a CNAME; the report also makes our SSRC known to the camera), then one payload-specific
/// feedback message (RFC 4585 §6.1): a Picture Loss Indication (§6.3.1, FMT 1, no FCI) or a Full
/// Intra Request (RFC 5104 §4.3.1, FMT 4, one FCI entry with the command sequence number).
/// </summary>
internal static class RtcpKeyframeRequestWriter
{
    /// <summary>PLI: common feedback header only (§6.1: V/P/FMT, PT, length, sender SSRC, media SSRC).</summary>
    public const int PliSize = 12;

    /// <summary>FIR: the common header plus one FCI entry (SSRC, sequence number, 24 reserved bits).</summary>
    public const int FirSize = 20;

    private const byte PliFormat = 1;
    private const byte FirFormat = 4;

    /// <summary>The whole compound packet's size for a CNAME of <paramref name="cnameLength"/> bytes.</summary>
    public static int GetSize(bool fir, int cnameLength) =>
        RtcpReceiverReportWriter.GetSize(0, cnameLength) + (fir ? FirSize : PliSize);

    /// <summary>
    /// Writes RR + SDES + PLI (or FIR when <paramref name="fir"/>) from <paramref name="senderSsrc"/>
    /// about the camera's <paramref name="mediaSsrc"/>. False when <paramref name="destination"/> is
    /// too small or the CNAME too long.
    /// </summary>
    public static bool TryWrite(Span<byte> destination, uint senderSsrc, uint mediaSsrc, bool fir, byte firSequence, ReadOnlySpan<byte> cname, out int written)
    {
        written = 0;
        if (destination.Length < GetSize(fir, cname.Length)
            || !RtcpReceiverReportWriter.TryWrite(destination, senderSsrc, [], cname, out var head))
        {
            return false;
        }

        var feedback = destination[head..];
        var size = fir ? FirSize : PliSize;
        feedback[..size].Clear();
        feedback[0] = (byte)(0x80 | (fir ? FirFormat : PliFormat));
        feedback[1] = RtcpPacketType.PayloadFeedback;
        BinaryPrimitives.WriteUInt16BigEndian(feedback[2..], (ushort)((size / 4) - 1));
        BinaryPrimitives.WriteUInt32BigEndian(feedback[4..], senderSsrc);
        if (fir)
        {
            // RFC 5104 §4.3.1.2: the media source SSRC is unused (0); the FCI names the sender asked.
            BinaryPrimitives.WriteUInt32BigEndian(feedback[12..], mediaSsrc);
            feedback[16] = firSequence;
        }
        else
        {
            BinaryPrimitives.WriteUInt32BigEndian(feedback[8..], mediaSsrc);
        }

        written = head + size;
        return true;
    }
}
