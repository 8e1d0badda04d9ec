using System.Buffers.Binary;
using CsCheck;
using Microsoft.Extensions.Time.Testing;
using SecureStream.Media.Rtp;
using SecureStream.Media.Tests.Rtp;
using SecureStream.Media.Tests.WebRtc.Ice;
using SecureStream.Media.WebRtc.Rtp;
using SecureStream.Media.WebRtc.Srtp;
using static SecureStream.Media.Tests.WebRtc.Rtp.OutboundTestData;
using static SecureStream.Media.Tests.WebRtc.Srtp.SrtpTestData;

namespace SecureStream.Media.Tests.WebRtc.Rtp;

public sealed class RtcpFeedbackHandlerTests
{
    private const uint ViewerSsrc = 0x5566_7788;

    private readonly FakeTimeProvider _time = new(Start);
    private readonly SrtpContext _gateway;
    private readonly SrtpContext _browser;
    private readonly List<byte[]> _sent = [];
    private readonly OutboundTrackPacketizer _packetizer = new(Video(), 1000, 90_000);
    private readonly List<OutboundFrame> _frames;
    private readonly ViewerRtpWriter _writer;

    public RtcpFeedbackHandlerTests()
    {
        (_gateway, _browser) = Pair(Profiles[0]);
        _frames = [.. H264Frames(count: 10).Select(f => _packetizer.Packetize(f)!)];
        _writer = ViewerRtpWriterTests.Writer(_gateway, _sent, ssrc: ViewerSsrc);
    }

    private RtcpFeedbackHandler Handler(int maxPerSecond = RtcpFeedbackHandler.DefaultMaxRetransmissionsPerSecond) =>
        new(_gateway, _time, "viewer-1"u8, [new ViewerTrack(_writer, _packetizer)], maxPerSecond);

    private static async Task WaitForAsync(Func<bool> condition)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            await Task.Delay(5, deadline.Token);
        }
    }

    private byte[] FromBrowser(byte[] rtcp)
    {
        var output = new byte[rtcp.Length + _browser.RtcpOverhead];
        Assert.Equal(SrtpResult.Ok, _browser.ProtectRtcp(rtcp, output, out var written));
        return output[..written];
    }

    [Fact]
    public async Task Handle_Nack_RetransmitsTheOriginalPacketBytes()
    {
        var handler = Handler();
        foreach (var frame in _frames)
        {
            _writer.Enqueue(frame);
        }

        var sequences = _frames.SelectMany(f => f.Packets).Select(Sequence).ToList();
        var lost = sequences[5];

        // Lost: sequences[5] (PID) and sequences[7] (BLP bit 1).
        var outcome = handler.Handle(FromBrowser(RtcpFeedbackTests.Nack(ViewerSsrc, lost, 0b10)));
        await ViewerRtpWriterTests.DrainAsync(_writer);

        Assert.Equal(RtcpFeedbackOutcome.Accepted, outcome);
        Assert.Equal(2, handler.NackedPackets);
        Assert.Equal(2, handler.Retransmitted);
        Assert.Equal(2, _writer.PacketsRetransmitted);

        // Each retransmission is the same SRTP packet as the original: same plaintext, same index.
        var copies = _sent.Where(p => Sequence(p) == lost).ToList();
        Assert.Equal(2, copies.Count);
        Assert.Equal(copies[0], copies[1]);
        Assert.Equal(2, _sent.Count(p => Sequence(p) == sequences[7]));
        var original = copies[0];
        var plain = new byte[original.Length];
        Assert.Equal(SrtpResult.Ok, _browser.UnprotectRtp(original, plain, out var length));
        Assert.True(_packetizer.History.TryGet(lost, out var shared));
        Assert.Equal(Patch(shared, 96, ViewerSsrc), plain[..length]);
    }

    [Fact]
    public void Handle_NackForPacketDroppedForThisViewer_NotResent()
    {
        var handler = Handler();

        // This viewer joined in time for the first frame; the second viewer's queue is too small
        // for it (SPS, PPS and the IDR slice are three packets) and drops it.
        Assert.True(_writer.Enqueue(_frames[0]));
        var small = ViewerRtpWriterTests.Writer(_gateway, _sent, maxQueuedPackets: 1, ssrc: 0x0102_0304);
        var smallHandler = new RtcpFeedbackHandler(_gateway, _time, "v"u8, [new ViewerTrack(small, _packetizer)]);
        Assert.False(small.Enqueue(_frames[0]));

        handler.Handle(FromBrowser(RtcpFeedbackTests.Nack(ViewerSsrc, Sequence(_frames[0].Packets[0]), 0)));
        handler.Handle(FromBrowser(RtcpFeedbackTests.Nack(ViewerSsrc, Sequence(_frames[1].Packets[0]), 0)));
        smallHandler.Handle(FromBrowser(RtcpFeedbackTests.Nack(0x0102_0304, Sequence(_frames[0].Packets[0]), 0)));

        Assert.Equal(1, handler.Retransmitted);
        Assert.Equal(1, _writer.RetransmissionsNotGiven);
        Assert.Equal(0, smallHandler.Retransmitted);
        Assert.Equal(1, small.RetransmissionsNotGiven);
    }

    [Fact]
    public async Task Handle_NackOlderThanTheHistoryWindow_MissingRecentOneResent()
    {
        // A 100 ms window over frames 33 ms apart: the first frames fall out of it, the last stays.
        var packetizer = new OutboundTrackPacketizer(Video(), 1000, 90_000, new RetransmissionHistory(90_000, TimeSpan.FromMilliseconds(100), minPackets: 1));
        var frames = H264Frames(count: 10).Select(f => packetizer.Packetize(f)!).ToList();
        foreach (var frame in frames)
        {
            _writer.Enqueue(frame);
        }

        var handler = new RtcpFeedbackHandler(_gateway, _time, "viewer-1"u8, [new ViewerTrack(_writer, packetizer)]);
        var old = Sequence(frames[0].Packets[0]);
        var recent = Sequence(frames[^1].Packets[0]);

        handler.Handle(FromBrowser(RtcpFeedbackTests.Nack(ViewerSsrc, old, 0)));
        handler.Handle(FromBrowser(RtcpFeedbackTests.Nack(ViewerSsrc, recent, 0)));
        await ViewerRtpWriterTests.DrainAsync(_writer);

        Assert.Equal(2, handler.NackedPackets);
        Assert.Equal(1, handler.Retransmitted);
        Assert.Equal(1, handler.RetransmissionsMissing);
        Assert.Equal(2, _sent.Count(p => Sequence(p) == recent));
        Assert.Equal(1, _sent.Count(p => Sequence(p) == old));
    }

    [Fact]
    public void Handle_NackBeyondRate_RateLimitedAndCounted()
    {
        var handler = Handler(maxPerSecond: 2);
        _writer.Enqueue(_frames[0]);
        var first = Sequence(_frames[0].Packets[0]);

        handler.Handle(FromBrowser(RtcpFeedbackTests.Nack(ViewerSsrc, first, 0b1111)));

        Assert.Equal(5, handler.NackedPackets);
        Assert.Equal(2, handler.Retransmitted);
        Assert.Equal(3, handler.RetransmissionsRateLimited);

        _time.Advance(TimeSpan.FromSeconds(1));
        handler.Handle(FromBrowser(RtcpFeedbackTests.Nack(ViewerSsrc, first, 0)));
        Assert.Equal(3, handler.Retransmitted);
    }

    [Fact]
    public void Handle_NackForPacketNotInHistoryOrOtherSsrc_NothingSent()
    {
        var handler = Handler();

        handler.Handle(FromBrowser(RtcpFeedbackTests.Nack(ViewerSsrc, 1, 0)));
        handler.Handle(FromBrowser(RtcpFeedbackTests.Nack(0xDEAD, Sequence(_frames[0].Packets[0]), 0)));

        Assert.Equal(1, handler.RetransmissionsMissing);
        Assert.Equal(0, handler.Retransmitted);
        Assert.Equal(0, _writer.QueuedPackets);
    }

    [Fact]
    public void Handle_PliAndFir_NotedAndRepeatedFirIgnored()
    {
        var handler = Handler();

        handler.Handle(FromBrowser(RtcpFeedbackTests.Pli(ViewerSsrc)));
        handler.Handle(FromBrowser(RtcpFeedbackTests.Fir(ViewerSsrc, 1)));
        handler.Handle(FromBrowser(RtcpFeedbackTests.Fir(ViewerSsrc, 1)));
        handler.Handle(FromBrowser(RtcpFeedbackTests.Fir(ViewerSsrc, 2)));

        Assert.Equal(1, handler.PictureLossIndications);
        Assert.Equal(2, handler.FullIntraRequests);
    }

    [Fact]
    public void Handle_ReceiverReport_KeepsOurBlock()
    {
        var handler = Handler();
        var block = new RtcpReportBlock(ViewerSsrc, 12, 3, 1020, 45, 0, 0);
        var buffer = new byte[RtcpReceiverReportWriter.GetSize(1, 4)];
        Assert.True(RtcpReceiverReportWriter.TryWrite(buffer, 0xAABB, [block], "view"u8, out _));

        Assert.Equal(RtcpFeedbackOutcome.Accepted, handler.Handle(FromBrowser(buffer)));

        Assert.Equal(1, handler.ReceiverReports);
        Assert.Equal(block, handler.LastReportBlock);
    }

    [Fact]
    public void Handle_ForgedOrReplayed_RefusedAndCounted()
    {
        var handler = Handler();
        var srtcp = FromBrowser(RtcpFeedbackTests.Pli(ViewerSsrc));
        var forged = srtcp.ToArray();
        forged[^1] ^= 1;

        Assert.Equal(RtcpFeedbackOutcome.Unprotected, handler.Handle(forged));
        Assert.Equal(RtcpFeedbackOutcome.Accepted, handler.Handle(srtcp));
        Assert.Equal(RtcpFeedbackOutcome.Unprotected, handler.Handle(srtcp));
        Assert.Equal(1, handler.PictureLossIndications);
        Assert.Equal(2, handler.UnprotectFailures);
    }

    [Fact]
    public async Task TryWriteSenderReport_FieldsFromClockMappingAndCounts()
    {
        var handler = Handler();
        Assert.False(handler.TryWriteSenderReport(0xDEAD, new byte[200], out _));
        foreach (var frame in _frames)
        {
            _writer.Enqueue(frame);
        }

        await ViewerRtpWriterTests.DrainAsync(_writer);

        // The last frame was captured at Start + 9/30 s with RTP time 90000 + 9 * 3000.
        _time.SetUtcNow(Start.AddSeconds(1));
        var buffer = new byte[handler.SenderReportSize];
        Assert.True(handler.TryWriteSenderReport(ViewerSsrc, buffer, out var written));

        var plain = new byte[written];
        Assert.Equal(SrtpResult.Ok, _browser.UnprotectRtcp(buffer.AsSpan(0, written), plain, out var length));
        var reader = new RtcpCompoundReader(plain.AsSpan(0, length));
        Assert.True(reader.TryReadNext(out var sr));
        Assert.Equal(RtcpPacketType.SenderReport, sr.Type);
        Assert.Equal(ViewerSsrc, sr.Ssrc);
        Assert.Equal(RtcpSenderReportWriter.ToNtpTimestamp(Start.AddSeconds(1)), sr.SenderNtpTimestamp);
        Assert.Equal(90_000u + 90_000u, sr.SenderRtpTimestamp);
        Assert.Equal((uint)_sent.Count, sr.SenderPacketCount);
        Assert.Equal((uint)_frames.Sum(f => f.Packets.Sum(p => p.Length - 12)), sr.SenderOctetCount);
        Assert.True(reader.TryReadNext(out var sdes));
        Assert.Equal(RtcpPacketType.SourceDescription, sdes.Type);
    }

    [Fact]
    public async Task RunSenderReportsAsync_OneReportPerTrackPerInterval()
    {
        var handler = Handler();
        var reports = new List<byte[]>();
        using var cancellation = new CancellationTokenSource();
        var run = handler.RunSenderReportsAsync(
            (packet, _) =>
            {
                lock (reports)
                {
                    reports.Add(packet.ToArray());
                }

                return ValueTask.CompletedTask;
            },
            TimeSpan.FromSeconds(1),
            cancellation.Token);

        // Each tick's continuation may run on the thread pool: wait for it before the next tick.
        _time.Advance(TimeSpan.FromSeconds(1));
        await WaitForAsync(() => reports.Count == 1);
        _time.Advance(TimeSpan.FromSeconds(1));
        await WaitForAsync(() => reports.Count == 2);
        await cancellation.CancelAsync();

        // Cancelling stops the loop without throwing (a session ends this way every time).
        await run.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(run.IsCompletedSuccessfully);

        Assert.Equal(2, reports.Count);
        var plain = new byte[reports[1].Length];
        Assert.Equal(SrtpResult.Ok, _browser.UnprotectRtcp(reports[1], plain, out var length));
        var reader = new RtcpCompoundReader(plain.AsSpan(0, length));
        Assert.True(reader.TryReadNext(out var sr));
        Assert.Equal(RtcpSenderReportWriter.ToNtpTimestamp(Start.AddSeconds(2)), sr.SenderNtpTimestamp);
    }

    [Fact]
    public void ViewerRtpReporter_LogsOncePerIntervalOnlyWhenSomethingHappened()
    {
        var logger = new CapturingLogger<RtcpFeedbackHandlerTests>();
        var reporter = new ViewerRtpReporter(logger, "session-1");
        var handler = Handler();

        Assert.False(reporter.Report(_writer, handler));
        handler.Handle(FromBrowser(RtcpFeedbackTests.Pli(ViewerSsrc)));
        handler.Handle(FromBrowser(RtcpFeedbackTests.Nack(ViewerSsrc, 1, 0)));
        Assert.True(reporter.Report(_writer, handler));
        Assert.False(reporter.Report(_writer, handler));

        var entry = Assert.Single(logger.Entries);
        Assert.Equal(3850, entry.EventId.Id);
        Assert.Contains("1 NACKed packet(s) not resent, 1 PLI/FIR", entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Handle_ArbitraryBytes_NeverThrows()
    {
        // One thread: an SRTP context, like the handler, serves one caller at a time.
        var handler = Handler();
        Gen.Byte.Array[0, 300].Sample(data =>
        {
            handler.Handle(data);

            // Also through authentication, so the parsers see the bytes.
            if (data.Length >= 8)
            {
                data[0] = (byte)(0x80 | (data[0] & 0x3F));
                var output = new byte[data.Length + _browser.RtcpOverhead];
                if (_browser.ProtectRtcp(data, output, out var written) == SrtpResult.Ok)
                {
                    handler.Handle(output.AsSpan(0, written));
                }
            }
        }, threads: 1);
    }

    [Fact]
    public void Handle_ArbitraryFeedbackBodies_NeverThrow()
    {
        var handler = Handler();
        Gen.Select(Gen.OneOfConst<byte>(205, 206), Gen.Int[0, 31], Gen.Byte.Array[4, 80].Where(b => b.Length % 4 == 0)).Sample((type, format, body) =>
        {
            var packet = new byte[4 + body.Length];
            packet[0] = (byte)(0x80 | format);
            packet[1] = type;
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)((packet.Length / 4) - 1));
            body.CopyTo(packet, 4);
            BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), 0xAABB_CCDD);
            if (body.Length >= 8)
            {
                BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), ViewerSsrc);
            }

            handler.Handle(FromBrowser(packet));
        }, threads: 1);
    }
}
