using Microsoft.Extensions.Time.Testing;
using SecureStream.Media.Frames;
using SecureStream.Media.WebRtc.Batching;
using SecureStream.Media.WebRtc.Rtp;
using SecureStream.Media.WebRtc.Srtp;
using static SecureStream.Media.Tests.WebRtc.Rtp.OutboundTestData;
using static SecureStream.Media.Tests.WebRtc.Srtp.SrtpTestData;

namespace SecureStream.Media.Tests.WebRtc.Rtp;

public sealed class ViewerRtpWriterTests
{
    public static TheoryData<string> ProfileNames => new(Profiles.Select(p => p.ToString()));

    internal static ViewerRtpWriter Writer(SrtpContext srtp, List<byte[]> sent, int maxQueuedPackets = ViewerRtpWriter.DefaultMaxQueuedPackets, uint ssrc = 0x5566_7788) =>
        new(srtp, ssrc, 96, isVideo: true, CollectInto(sent), maxQueuedPackets);

    /// <summary>A send that copies each datagram of a batch into <paramref name="sent"/>, in order.</summary>
    internal static Func<DatagramBatch, CancellationToken, ValueTask> CollectInto(List<byte[]> sent) => (batch, _) =>
    {
        lock (sent)
        {
            for (var i = 0; i < batch.Count; i++)
            {
                sent.Add(batch.Datagram(i).ToArray());
            }
        }

        return ValueTask.CompletedTask;
    };

    internal static async Task DrainAsync(ViewerRtpWriter writer)
    {
        writer.Complete();
        await writer.RunAsync(CancellationToken.None);
    }

    [Theory]
    [MemberData(nameof(ProfileNames))]
    public async Task RunAsync_JoinMidGop_BrowserDecryptsAndDepacketizesFromTheKeyframe(string profileName)
    {
        var (gateway, browser) = Pair(Enum.Parse<SrtpProtectionProfile>(profileName));
        var frames = H264Frames(count: 40);
        var packetizer = new OutboundTrackPacketizer(Video(), 1, 1);
        var sent = new List<byte[]>();
        var writer = Writer(gateway, sent);

        // Frames before the first keyframe (here: none is a keyframe until one arrives) are dropped.
        var keyframes = frames.Select((f, i) => (f, i)).Where(x => x.f.IsKeyframe).Select(x => x.i).ToList();
        var start = keyframes.Count > 1 ? keyframes[1] - 3 : 1;
        var outbound = frames.Select(packetizer.Packetize).ToList();
        foreach (var frame in outbound.Skip(start))
        {
            writer.Enqueue(frame!);
        }

        await DrainAsync(writer);

        var receiver = Receiver(new FakeTimeProvider(Start));
        var received = new List<MediaFrame>();
        foreach (var srtp in sent)
        {
            var plain = new byte[srtp.Length];
            Assert.Equal(SrtpResult.Ok, browser.UnprotectRtp(srtp, plain, out var length));
            Assert.Equal(96, plain[1] & 0x7F);
            Assert.Equal(0x5566_7788u, System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(plain.AsSpan(8)));
            Assert.Null(receiver.Receive(plain.AsSpan(0, length), received));
        }

        var first = frames.FindIndex(start, f => f.IsKeyframe);
        Assert.True(received[0].IsKeyframe);
        Assert.Equal(frames.Count - first, received.Count);
        Assert.Equal(
            frames[first].Units.Select(u => Convert.ToHexString(u.Span)),
            received[0].Units.Select(u => Convert.ToHexString(u.Span)));
        Assert.Equal(first - start, writer.FramesDropped);
        Assert.Equal(sent.Count, writer.PacketsSent);
        Assert.Equal(outbound.Skip(first).Sum(f => f!.Packets.Sum(p => p.Length - 12)), writer.OctetsSent);
    }

    [Fact]
    public async Task Enqueue_SlowViewer_DropsWholeFramesUntilNextKeyframeWithoutAffectingAnother()
    {
        var (gateway, _) = Pair(Profiles[0]);
        var (otherGateway, _) = Pair(Profiles[0]);
        var frames = H264Frames(count: 60).Select(new OutboundTrackPacketizer(Video(), 1, 1).Packetize).Select(f => f!).ToList();
        var slowSent = new List<byte[]>();
        var fastSent = new List<byte[]>();
        var slow = Writer(gateway, slowSent, maxQueuedPackets: frames[0].Packets.Count + 2);
        var fast = Writer(otherGateway, fastSent);

        // The slow viewer's loop does not run while the camera delivers: its queue fills.
        var accepted = frames.Select(slow.Enqueue).ToList();
        foreach (var frame in frames)
        {
            Assert.True(fast.Enqueue(frame));
        }

        await DrainAsync(fast);
        await DrainAsync(slow);

        Assert.Equal(frames.Sum(f => f.Packets.Count), fastSent.Count);
        Assert.Equal(0, fast.FramesDropped);
        Assert.True(slow.FramesDropped > 0);
        Assert.Equal(frames.Count, slow.FramesDropped + slow.FramesQueued);

        // After the first drop nothing but a keyframe is taken again.
        var firstDrop = accepted.IndexOf(false);
        for (var i = firstDrop; i < frames.Count && !frames[i].IsKeyframe; i++)
        {
            Assert.False(accepted[i]);
        }

        Assert.Equal(frames.Where((_, i) => accepted[i]).Sum(f => f.Packets.Count), slowSent.Count);
    }

    [Fact]
    public async Task RequestKeyframe_QueuedDeltaFramesSkippedUntilKeyframe()
    {
        var (gateway, _) = Pair(Profiles[0]);
        var frames = H264Frames(count: 60).Select(new OutboundTrackPacketizer(Video(), 1, 1).Packetize).Select(f => f!).ToList();
        var secondKeyframe = frames.FindIndex(1, f => f.IsKeyframe);
        Assert.True(secondKeyframe > 1, "the fixture needs two keyframes");
        var firstSend = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var sent = 0;
        var writer = new ViewerRtpWriter(gateway, 1, 96, isVideo: true, async (batch, _) =>
        {
            if (Interlocked.Add(ref sent, batch.Count) == batch.Count)
            {
                firstSend.SetResult();
                await release.Task;
            }
        });
        foreach (var frame in frames)
        {
            writer.Enqueue(frame);
        }

        writer.Complete();
        var run = writer.RunAsync(CancellationToken.None);

        // The viewer's PLI arrives while the first keyframe is being sent and deltas are queued.
        await firstSend.Task;
        writer.RequestKeyframe();
        release.SetResult();
        await run;

        Assert.Equal(secondKeyframe - 1, writer.FramesSkippedForKeyframe);
        Assert.Equal(frames[0].Packets.Count + frames.Skip(secondKeyframe).Sum(f => f.Packets.Count), sent);
    }

    [Fact]
    public async Task RunAsync_AudioAndVideoWritersShareContextAndLock_AllPacketsDecrypt()
    {
        var (gateway, browser) = Pair(Profiles[0]);
        var protectLock = new Lock();
        var sent = new List<byte[]>();
        var video = new ViewerRtpWriter(gateway, 1, 96, isVideo: true, CollectInto(sent), protectLock: protectLock);
        var audio = new ViewerRtpWriter(gateway, 2, 0, isVideo: false, CollectInto(sent), protectLock: protectLock);
        var videoPacketizer = new OutboundTrackPacketizer(Video(), 1, 1);
        var audioPacketizer = new OutboundTrackPacketizer(Audio(), 1, 1);
        foreach (var frame in H264Frames(count: 60))
        {
            video.Enqueue(videoPacketizer.Packetize(frame)!);
            audio.Enqueue(audioPacketizer.Packetize(new MediaFrame(1, MediaCodec.Pcmu, frame.Timestamp / 30 * 8, true, [new byte[160]], frame.ReceivedAt))!);
        }

        await Task.WhenAll(Task.Run(() => DrainAsync(video)), Task.Run(() => DrainAsync(audio)));

        Assert.Equal(video.PacketsSent + audio.PacketsSent, sent.Count);
        foreach (var srtp in sent)
        {
            Assert.Equal(SrtpResult.Ok, browser.UnprotectRtp(srtp, new byte[srtp.Length], out _));
        }
    }
}
