using Microsoft.Extensions.Time.Testing;
using SecureStream.Media.Codecs;
using SecureStream.Media.Frames;
using SecureStream.Media.Rtp;

namespace SecureStream.Media.Tests.Rtp;

public sealed class RtpTrackReceiverTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z"));
    private readonly List<MediaFrame> _frames = [];
    private readonly RtpTrackReceiver _receiver;

    public RtpTrackReceiverTests()
    {
        _receiver = RtpTrackFactory.Create(new RtpTrackSettings(0, 0, "PCMU", 8000), _time).Receiver!;
    }

    [Fact]
    public void Receive_BadHeaderOrPayloadType_CountedByReason()
    {
        Assert.Equal(RtpDropReason.MalformedRtp, _receiver.Receive([0x80, 0x00], _frames));
        Assert.Equal(RtpDropReason.UnexpectedPayloadType, _receiver.Receive(RtpPacketBuilder.Build(1, 0, [1], payloadType: 13, ssrc: 1), _frames));

        var snapshot = _receiver.Counters.Snapshot();
        Assert.Equal(1, snapshot.DroppedBy(RtpDropReason.MalformedRtp));
        Assert.Equal(1, snapshot.DroppedBy(RtpDropReason.UnexpectedPayloadType));
        Assert.Equal(0, snapshot.Packets);
    }

    [Fact]
    public void Receive_StraySsrc_IgnoredUntilConfirmed()
    {
        Send(1, 100, ssrc: 7);
        Assert.Equal(RtpDropReason.UnexpectedSsrc, Send(50, 999, ssrc: 8));
        Send(2, 260, ssrc: 7);
        Assert.Equal(RtpDropReason.UnexpectedSsrc, Send(500, 5000, ssrc: 9));
        Assert.Null(Send(501, 5160, ssrc: 9));

        Assert.Equal(9u, _receiver.Ssrc);
        Assert.Equal(3, _frames.Count);
        Assert.True(_frames[2].Timestamp > _frames[1].Timestamp);
    }

    [Fact]
    public void ReceiverReport_CountsLossAndEchoesSenderReport()
    {
        Send(10, 0, ssrc: 0x1234);
        Send(13, 480, ssrc: 0x1234);
        Assert.Equal(RtcpReceiveResult.Accepted, _receiver.ReceiveRtcp(RtcpTests.SenderReport(0x1234, 0xAAAABBBBCCCCDDDD, 480)));
        _time.Advance(TimeSpan.FromSeconds(2));

        var buffer = new byte[256];
        Assert.True(_receiver.TryWriteReceiverReport(buffer, 0x5555, "gw"u8, out var written));

        var reader = new RtcpCompoundReader(buffer.AsSpan(0, written));
        Assert.True(reader.TryReadNext(out var rr));
        var block = rr.ReportBlock(0);
        Assert.Equal(0x1234u, block.Ssrc);
        Assert.Equal(2, block.CumulativeLost);
        Assert.Equal(128, block.FractionLost);
        Assert.Equal(13u, block.ExtendedHighestSequence);
        Assert.Equal(0xBBBBCCCCu, block.LastSenderReport);
        Assert.Equal(2u * 65536, block.DelaySinceLastSenderReport);
        Assert.Equal(2, _receiver.Counters.Snapshot().Lost);
    }

    [Fact]
    public void ReceiverReport_NoSenderReportEver_StillSent()
    {
        Send(1, 0);

        var buffer = new byte[256];
        Assert.True(_receiver.TryWriteReceiverReport(buffer, 1, "gw"u8, out var written));

        var reader = new RtcpCompoundReader(buffer.AsSpan(0, written));
        Assert.True(reader.TryReadNext(out var rr));
        Assert.Equal(0u, rr.ReportBlock(0).LastSenderReport);
        Assert.Equal(0u, rr.ReportBlock(0).DelaySinceLastSenderReport);
    }

    [Fact]
    public void ReceiveRtcp_ByeFromSource_Goodbye_BadLengthsCounted()
    {
        Send(1, 0, ssrc: 77);

        Assert.Equal(RtcpReceiveResult.Malformed, _receiver.ReceiveRtcp([0x80, 201, 0xFF, 0xFF, 0, 0, 0, 1]));
        Assert.Equal(RtcpReceiveResult.Accepted, _receiver.ReceiveRtcp(RtcpTests.Bye(78)));
        Assert.Equal(RtcpReceiveResult.Goodbye, _receiver.ReceiveRtcp(RtcpTests.Bye(77)));
        Assert.Equal(1, _receiver.Counters.DroppedBy(RtpDropReason.MalformedRtcp));
        Assert.Equal(2, _receiver.Counters.Snapshot().RtcpPackets);
    }

    [Fact]
    public void ReceiverReport_Jitter_FollowsArrivalVariation()
    {
        // 20 ms packets (160 units at 8 kHz) arriving alternately 10 ms early and late: |D| = 160 units.
        for (ushort i = 0; i < 200; i++)
        {
            Send(i, (uint)(i * 160));
            _time.Advance(TimeSpan.FromMilliseconds(i % 2 == 0 ? 40 : 0));
        }

        var buffer = new byte[256];
        Assert.True(_receiver.TryWriteReceiverReport(buffer, 1, "gw"u8, out var written));
        var reader = new RtcpCompoundReader(buffer.AsSpan(0, written));
        Assert.True(reader.TryReadNext(out var rr));
        Assert.InRange(rr.ReportBlock(0).Jitter, 150u, 170u);
    }

    private RtpDropReason? Send(ushort sequence, uint timestamp, uint ssrc = 0x11223344) =>
        _receiver.Receive(RtpPacketBuilder.Build(sequence, timestamp, [0xFF, 0xFE], payloadType: 0, ssrc: ssrc), _frames);
}
