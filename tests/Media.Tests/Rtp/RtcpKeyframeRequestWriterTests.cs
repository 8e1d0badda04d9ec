using SecureStream.Media.Rtp;

namespace SecureStream.Media.Tests.Rtp;

public sealed class RtcpKeyframeRequestWriterTests
{
    private const uint Sender = 0x0A0B0C0D;
    private const uint Camera = 0x11223344;
    private static readonly byte[] Cname = "securestream"u8.ToArray();

    // RR with no report block (RFC 3550 §6.4.2), then SDES with one CNAME chunk (§6.5): 12 bytes of
    // text, 2 of item header, 1 null item, padded to 16 → 24 bytes.
    private static readonly byte[] ReportAndCname =
    [
        0x80, 201, 0x00, 0x01, 0x0A, 0x0B, 0x0C, 0x0D,
        0x81, 202, 0x00, 0x05, 0x0A, 0x0B, 0x0C, 0x0D,
        0x01, 12, .. "securestream"u8, 0x00, 0x00,
    ];

    [Fact]
    public void TryWrite_Pli_IsReportCnameThenPsfbFmt1WithNoFci()
    {
        var buffer = new byte[128];

        Assert.True(RtcpKeyframeRequestWriter.TryWrite(buffer, Sender, Camera, fir: false, firSequence: 7, Cname, out var written));

        // RFC 4585 §6.1 / §6.3.1: V=2 P=0 FMT=1, PT=206, length 2 (words − 1), sender SSRC, media SSRC.
        byte[] pli = [0x81, 206, 0x00, 0x02, 0x0A, 0x0B, 0x0C, 0x0D, 0x11, 0x22, 0x33, 0x44];
        Assert.Equal([.. ReportAndCname, .. pli], buffer[..written]);
        Assert.Equal(RtcpKeyframeRequestWriter.GetSize(fir: false, Cname.Length), written);
    }

    [Fact]
    public void TryWrite_Fir_IsReportCnameThenPsfbFmt4WithOneEntry()
    {
        var buffer = new byte[128];

        Assert.True(RtcpKeyframeRequestWriter.TryWrite(buffer, Sender, Camera, fir: true, firSequence: 7, Cname, out var written));

        // RFC 5104 §4.3.1: FMT=4, length 4, sender SSRC, media SSRC 0; FCI: SSRC, sequence, 3 reserved.
        byte[] fir =
        [
            0x84, 206, 0x00, 0x04, 0x0A, 0x0B, 0x0C, 0x0D, 0x00, 0x00, 0x00, 0x00,
            0x11, 0x22, 0x33, 0x44, 0x07, 0x00, 0x00, 0x00,
        ];
        Assert.Equal([.. ReportAndCname, .. fir], buffer[..written]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TryWrite_ReadsBackAsAValidCompoundWithTheRequest(bool fir)
    {
        var buffer = new byte[128];
        Assert.True(RtcpKeyframeRequestWriter.TryWrite(buffer, Sender, Camera, fir, 200, Cname, out var written));
        var packet = buffer[..written];

        Assert.Equal(RtcpError.None, RtcpCompoundReader.Validate(packet));
        var reader = new RtcpCompoundReader(packet);
        var types = new List<byte>();
        RtcpFeedbackKind? kind = null;
        (uint Ssrc, byte Sequence)? entry = null;
        while (reader.TryReadNext(out var next))
        {
            types.Add(next.Type);
            if (RtcpFeedback.TryRead(next, out var feedback))
            {
                kind = feedback.Kind;
                Assert.Equal(Sender, feedback.SenderSsrc);
                if (feedback.TryGetFirEntry(0, out var ssrc, out var sequence))
                {
                    entry = (ssrc, sequence);
                }
                else
                {
                    Assert.Equal(Camera, feedback.MediaSsrc);
                }
            }
        }

        Assert.Equal([RtcpPacketType.ReceiverReport, RtcpPacketType.SourceDescription, RtcpPacketType.PayloadFeedback], types);
        Assert.Equal(fir ? RtcpFeedbackKind.FullIntraRequest : RtcpFeedbackKind.PictureLossIndication, kind);
        Assert.Equal(fir ? (Camera, (byte)200) : null, entry);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TryWrite_DestinationOneByteShort_WritesNothing(bool fir)
    {
        var buffer = new byte[RtcpKeyframeRequestWriter.GetSize(fir, Cname.Length) - 1];

        Assert.False(RtcpKeyframeRequestWriter.TryWrite(buffer, Sender, Camera, fir, 1, Cname, out var written));
        Assert.Equal(0, written);
        Assert.All(buffer, b => Assert.Equal(0, b));
    }
}
