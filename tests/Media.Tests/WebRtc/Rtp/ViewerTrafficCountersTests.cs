using Microsoft.Extensions.Time.Testing;
using SecureStream.Media.Rtp;
using SecureStream.Media.WebRtc.Rtp;
using SecureStream.Media.WebRtc.Srtp;
using static SecureStream.Media.Tests.WebRtc.Rtp.OutboundTestData;
using static SecureStream.Media.Tests.WebRtc.Srtp.SrtpTestData;

namespace SecureStream.Media.Tests.WebRtc.Rtp;

/// <summary>The per-viewer counters the media metrics sum at scrape time: what the writer and the RTCP handler keep.</summary>
public sealed class ViewerTrafficCountersTests
{
    private const uint ViewerSsrc = 0x5566_7788;

    [Fact]
    public async Task WireOctetsSent_PayloadPlusHeaderAndTagPerPacket()
    {
        var (gateway, _) = Pair(Profiles[0]);
        var sent = new List<byte[]>();
        var writer = ViewerRtpWriterTests.Writer(gateway, sent);
        var packetizer = new OutboundTrackPacketizer(Video(), 1, 1);
        foreach (var frame in H264Frames(count: 5))
        {
            writer.Enqueue(packetizer.Packetize(frame)!);
        }

        await ViewerRtpWriterTests.DrainAsync(writer);

        Assert.True(writer.PacketsSent > 0);
        Assert.Equal(sent.Sum(p => (long)p.Length), writer.WireOctetsSent);
        Assert.Equal(writer.OctetsSent + (writer.PacketsSent * (OutboundTrackPacketizer.HeaderSize + gateway.RtpOverhead)), writer.WireOctetsSent);
    }

    [Fact]
    public void Enqueue_QueueFull_CountsTheFramesPacketsAsSlowViewer_ThenTheNextDeltaFramesAsAwaitingKeyframe()
    {
        var (gateway, _) = Pair(Profiles[0]);
        var packetizer = new OutboundTrackPacketizer(Video(), 1, 1);
        var frames = H264Frames(count: 4).Select(f => packetizer.Packetize(f)!).ToList();
        Assert.True(frames[0].IsKeyframe, "the fixture starts with a keyframe");
        Assert.All(frames.Skip(1), f => Assert.False(f.IsKeyframe));
        var writer = ViewerRtpWriterTests.Writer(gateway, [], maxQueuedPackets: frames[0].Packets.Count);

        Assert.True(writer.Enqueue(frames[0]));
        Assert.False(writer.Enqueue(frames[1]));
        Assert.False(writer.Enqueue(frames[2]));
        Assert.False(writer.Enqueue(frames[3]));

        Assert.Equal(frames[1].Packets.Count, writer.PacketsDroppedQueueFull);
        Assert.Equal(frames[2].Packets.Count + frames[3].Packets.Count, writer.PacketsDroppedAwaitingKeyframe);
        Assert.Equal(0, writer.PacketsSkippedForKeyframe);
    }

    [Fact]
    public void NoteCumulativeLost_SumsIncreasesOnly()
    {
        var (gateway, _) = Pair(Profiles[0]);
        var writer = ViewerRtpWriterTests.Writer(gateway, []);

        writer.NoteCumulativeLost(5);
        writer.NoteCumulativeLost(3); // duplicates brought the count down: nothing is taken back
        writer.NoteCumulativeLost(10);
        writer.NoteCumulativeLost(10);

        Assert.Equal(5 + 7, writer.LossReported);
    }

    [Fact]
    public void NoteCumulativeLost_FirstReportNegative_CountsNothing()
    {
        var (gateway, _) = Pair(Profiles[0]);
        var writer = ViewerRtpWriterTests.Writer(gateway, []);

        writer.NoteCumulativeLost(-2);
        writer.NoteCumulativeLost(1);

        Assert.Equal(3, writer.LossReported);
    }

    [Fact]
    public void Handle_ReceiverReports_FeedTheirTracksLossToItsWriter()
    {
        var (gateway, browser) = Pair(Profiles[0]);
        var time = new FakeTimeProvider(Start);
        var packetizer = new OutboundTrackPacketizer(Video(), 1000, 90_000);
        var writer = ViewerRtpWriterTests.Writer(gateway, [], ssrc: ViewerSsrc);
        var handler = new RtcpFeedbackHandler(gateway, time, "viewer-1"u8, [new ViewerTrack(writer, packetizer)]);

        Assert.Equal(RtcpFeedbackOutcome.Accepted, handler.Handle(FromBrowser(browser, Report(ViewerSsrc, 4))));
        Assert.Equal(RtcpFeedbackOutcome.Accepted, handler.Handle(FromBrowser(browser, Report(0x1234, 50)))); // another sender's stream
        Assert.Equal(RtcpFeedbackOutcome.Accepted, handler.Handle(FromBrowser(browser, Report(ViewerSsrc, 9))));

        Assert.Equal(9, writer.LossReported);
    }

    [Fact]
    public void Handle_ForgedAndReplayedSrtcp_CountedByReason()
    {
        var (gateway, browser) = Pair(Profiles[0]);
        var time = new FakeTimeProvider(Start);
        var packetizer = new OutboundTrackPacketizer(Video(), 1000, 90_000);
        var writer = ViewerRtpWriterTests.Writer(gateway, [], ssrc: ViewerSsrc);
        var handler = new RtcpFeedbackHandler(gateway, time, "viewer-1"u8, [new ViewerTrack(writer, packetizer)]);
        var genuine = FromBrowser(browser, Report(ViewerSsrc, 1));
        var forged = genuine.ToArray();
        forged[^1] ^= 0x01; // the authentication tag

        Assert.Equal(RtcpFeedbackOutcome.Unprotected, handler.Handle(forged));
        Assert.Equal(RtcpFeedbackOutcome.Accepted, handler.Handle(genuine));
        Assert.Equal(RtcpFeedbackOutcome.Unprotected, handler.Handle(genuine));

        Assert.Equal(1, handler.AuthenticationFailures);
        Assert.Equal(1, handler.Replays);
        Assert.Equal(0, handler.OtherUnprotectFailures);
        Assert.Equal(2, handler.UnprotectFailures);
    }

    private static byte[] Report(uint mediaSsrc, int cumulativeLost)
    {
        var block = new RtcpReportBlock(mediaSsrc, 0, cumulativeLost, 1000, 0, 0, 0);
        var buffer = new byte[RtcpReceiverReportWriter.GetSize(1, 4)];
        Assert.True(RtcpReceiverReportWriter.TryWrite(buffer, 0xAABB, [block], "view"u8, out var written));
        return buffer[..written];
    }

    private static byte[] FromBrowser(SrtpContext browser, byte[] rtcp)
    {
        var output = new byte[rtcp.Length + browser.RtcpOverhead];
        Assert.Equal(SrtpResult.Ok, browser.ProtectRtcp(rtcp, output, out var written));
        return output[..written];
    }
}
