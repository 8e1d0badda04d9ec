using Microsoft.Extensions.Time.Testing;
using SecureStream.Media.WebRtc.Batching;
using SecureStream.Media.WebRtc.Rtp;
using SecureStream.Media.WebRtc.Srtp;
using static SecureStream.Media.Tests.WebRtc.Rtp.OutboundTestData;
using static SecureStream.Media.Tests.WebRtc.Srtp.SrtpTestData;

namespace SecureStream.Media.Tests.WebRtc.Rtp;

/// <summary>The writer's batched send: one batch per frame, inline while nothing is queued, the queue's guarantees otherwise.</summary>
public sealed class ViewerRtpWriterBatchTests
{
    private const uint ViewerSsrc = 0x5566_7788;

    [Fact]
    public async Task Enqueue_LoopIdle_FrameProtectedAndSentInlineAsOneBatch()
    {
        var (gateway, browser) = Pair(Profiles[0]);
        var frames = Frames(3);
        var sink = new BatchSink();
        var writer = Writer(gateway, sink);
        using var stop = new CancellationTokenSource();
        var loop = writer.RunAsync(stop.Token);

        foreach (var frame in frames)
        {
            Assert.True(writer.Enqueue(frame));

            // Sent before Enqueue returned: no hand-off to the loop.
            Assert.Equal(writer.FramesQueued, sink.Batches.Count);
        }

        Assert.Equal(3, writer.FramesSentInline);
        Assert.Equal(frames.Select(f => f.Packets.Count), sink.Batches.Select(b => b.Count));
        Assert.Equal(
            frames.SelectMany(f => f.Packets).Select(p => Convert.ToHexString(Patch(p))),
            sink.Batches.SelectMany(b => b).Select(srtp => Convert.ToHexString(Unprotect(browser, srtp))));
        Assert.Equal(frames.Sum(f => f.Packets.Count), writer.PacketsSent);
        Assert.Equal(frames.Sum(f => f.Packets.Sum(p => p.Length - 12)), writer.OctetsSent);
        Assert.Equal(0, writer.QueuedPackets);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => loop);
    }

    [Fact]
    public async Task Enqueue_BeforeTheLoopRuns_QueuedThenSentInOrder()
    {
        var (gateway, browser) = Pair(Profiles[0]);
        var frames = Frames(4);
        var sink = new BatchSink();
        var writer = Writer(gateway, sink);

        foreach (var frame in frames)
        {
            writer.Enqueue(frame);
        }

        Assert.Empty(sink.Batches);
        Assert.Equal(frames.Sum(f => f.Packets.Count), writer.QueuedPackets);
        await ViewerRtpWriterTests.DrainAsync(writer);

        Assert.Equal(0, writer.FramesSentInline);
        Assert.Equal(
            frames.SelectMany(f => f.Packets).Select(p => Convert.ToHexString(Patch(p))),
            sink.Batches.SelectMany(b => b).Select(srtp => Convert.ToHexString(Unprotect(browser, srtp))));
    }

    [Fact]
    public async Task Enqueue_SocketWouldBlock_LaterFramesQueueBehindAndLeaveInOrder()
    {
        var (gateway, browser) = Pair(Profiles[0]);
        var frames = Frames(5);
        var sink = new BatchSink { HoldFirst = true };
        var writer = Writer(gateway, sink);
        using var stop = new CancellationTokenSource();
        var loop = writer.RunAsync(stop.Token);

        foreach (var frame in frames)
        {
            writer.Enqueue(frame);
        }

        // The first frame's send is still under way: the rest wait in the queue, not inline.
        Assert.Equal(1, writer.FramesSentInline);
        Assert.Single(sink.Batches);
        Assert.Equal(frames.Skip(1).Sum(f => f.Packets.Count), writer.QueuedPackets);
        Assert.Equal(0, writer.PacketsSent);

        sink.ReleaseFirst();
        await WaitForAsync(() => sink.Batches.Count == frames.Count && writer.QueuedPackets == 0);

        Assert.Equal(
            frames.SelectMany(f => f.Packets).Select(p => Convert.ToHexString(Patch(p))),
            sink.Batches.SelectMany(b => b).Select(srtp => Convert.ToHexString(Unprotect(browser, srtp))));
        Assert.Equal(frames.Sum(f => f.Packets.Count), writer.PacketsSent);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => loop);
    }

    [Fact]
    public async Task Enqueue_SendStuckAndQueueFull_DropsWholeFrames()
    {
        var (gateway, _) = Pair(Profiles[0]);
        var frames = Frames(20);
        var sink = new BatchSink { HoldFirst = true };
        var writer = Writer(gateway, sink, maxQueuedPackets: frames[0].Packets.Count);
        using var stop = new CancellationTokenSource();
        var loop = writer.RunAsync(stop.Token);

        var accepted = frames.Select(writer.Enqueue).ToList();

        // The keyframe is in the stuck send; what follows queues until the queue is full, then
        // every frame is dropped whole (waiting for a keyframe, which finds no room either).
        Assert.Single(sink.Batches);
        var firstDropped = accepted.IndexOf(false);
        Assert.True(firstDropped > 1, "a few frames fit the queue");
        Assert.All(accepted.Skip(firstDropped), Assert.False);
        Assert.Equal(frames.Count - firstDropped, writer.FramesDropped);
        Assert.Equal(frames.Skip(1).Take(firstDropped - 1).Sum(f => f.Packets.Count), writer.QueuedPackets);
        await stop.CancelAsync();
        sink.ReleaseFirst();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => loop);
    }

    [Fact]
    public async Task EnqueueRetransmission_AfterInlineSend_ByteIdenticalPacket()
    {
        var (gateway, _) = Pair(Profiles[0]);
        var frame = Frames(1)[0];
        var sink = new BatchSink();
        var writer = Writer(gateway, sink);
        using var stop = new CancellationTokenSource();
        var loop = writer.RunAsync(stop.Token);
        writer.Enqueue(frame);

        Assert.True(writer.EnqueueRetransmission(frame.Packets[1]));
        await WaitForAsync(() => sink.Batches.Count == 2);

        Assert.Equal(Convert.ToHexString(sink.Batches[0][1]), Convert.ToHexString(Assert.Single(sink.Batches[1])));
        Assert.Equal(1, writer.PacketsRetransmitted);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => loop);
    }

    [Fact]
    public async Task Enqueue_BacklogFrame_PacedThroughTheQueueNotInline()
    {
        var (gateway, _) = Pair(Profiles[0]);
        var time = new FakeTimeProvider(Start.AddMinutes(1));
        var sink = new BatchSink();
        var writer = new ViewerRtpWriter(gateway, ViewerSsrc, 96, isVideo: true, sink.SendAsync,
            catchUp: new CatchUpPacer(time));
        using var stop = new CancellationTokenSource();
        var loop = writer.RunAsync(stop.Token);

        writer.Enqueue(Frames(1)[0]);
        await WaitForAsync(() => sink.Batches.Count == 1);

        Assert.Equal(0, writer.FramesSentInline);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => loop);
    }

    [Fact]
    public async Task RequestKeyframe_InlineNonKeyframe_SkippedAndNotGiven()
    {
        var (gateway, _) = Pair(Profiles[0]);
        var frames = Frames(3);
        var sink = new BatchSink();
        var writer = Writer(gateway, sink);
        using var stop = new CancellationTokenSource();
        var loop = writer.RunAsync(stop.Token);
        writer.Enqueue(frames[0]);

        writer.RequestKeyframe();
        writer.Enqueue(frames[1]);

        Assert.False(frames[1].IsKeyframe);
        Assert.Single(sink.Batches);
        Assert.Equal(1, writer.FramesSkippedForKeyframe);
        Assert.False(writer.EnqueueRetransmission(frames[1].Packets[0]));
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => loop);
    }

    [Theory]
    [InlineData(32)]
    [InlineData(100)]
    [InlineData(131072)]
    public void Constructor_GivenWindowNotAPowerOfTwoFrom64_Throws(int window)
    {
        var (gateway, _) = Pair(Profiles[0]);
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            new ViewerRtpWriter(gateway, ViewerSsrc, 96, isVideo: true, (_, _) => ValueTask.CompletedTask, givenWindow: window));
    }

    [Fact]
    public void EnqueueRetransmission_SmallGivenWindow_ADroppedPacketIsNotGivenThoughItsAliasWas()
    {
        var (gateway, _) = Pair(Profiles[0]);
        var writer = new ViewerRtpWriter(gateway, ViewerSsrc, 0, isVideo: false, (_, _) => ValueTask.CompletedTask, maxQueuedPackets: 64, givenWindow: 64);

        // Sequence numbers 0–63 are given (queued), 64–65 dropped: the queue is full.
        for (var i = 0; i < 33; i++)
        {
            writer.Enqueue(new OutboundFrame((uint)i, false, [Packet(2 * i), Packet((2 * i) + 1)], Start));
        }

        Assert.Equal(1, writer.FramesDropped);
        Assert.False(writer.EnqueueRetransmission(Packet(64)));
        Assert.Equal(1, writer.RetransmissionsNotGiven);
        Assert.False(writer.EnqueueRetransmission(Packet(63)));
        Assert.Equal(1, writer.RetransmissionsNotGiven);
        Assert.Equal(1, writer.RetransmissionsDropped);
    }

    private static byte[] Packet(int sequence)
    {
        var packet = new byte[20];
        packet[0] = 0x80;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)sequence);
        return packet;
    }

    private static List<OutboundFrame> Frames(int count)
    {
        var packetizer = new OutboundTrackPacketizer(Video(), 1, 1);
        var hub = H264Frames(count: count + 30);
        var first = hub.FindIndex(f => f.IsKeyframe);
        return [.. hub.Skip(first).Take(count).Select(f => packetizer.Packetize(f)!)];
    }

    private static ViewerRtpWriter Writer(SrtpContext srtp, BatchSink sink, int maxQueuedPackets = ViewerRtpWriter.DefaultMaxQueuedPackets) =>
        new(srtp, ViewerSsrc, 96, isVideo: true, sink.SendAsync, maxQueuedPackets);

    private static byte[] Unprotect(SrtpContext browser, byte[] srtp)
    {
        var plain = new byte[srtp.Length];
        Assert.Equal(SrtpResult.Ok, browser.UnprotectRtp(srtp, plain, out var length));
        return plain[..length];
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met within 10 s");
            await Task.Delay(10);
        }
    }

    /// <summary>Records each batch's datagrams; can hold the first send open, as a socket that would block.</summary>
    private sealed class BatchSink
    {
        private readonly TaskCompletionSource _first = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool HoldFirst { get; init; }

        public List<List<byte[]>> Batches { get; } = [];

        public void ReleaseFirst() => _first.TrySetResult();

        public ValueTask SendAsync(DatagramBatch batch, CancellationToken cancellationToken)
        {
            var datagrams = Enumerable.Range(0, batch.Count).Select(i => batch.Datagram(i).ToArray()).ToList();
            lock (Batches)
            {
                Batches.Add(datagrams);
                return HoldFirst && Batches.Count == 1 ? new ValueTask(_first.Task) : ValueTask.CompletedTask;
            }
        }
    }
}
