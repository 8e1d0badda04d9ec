using System.Runtime.InteropServices;
using Microsoft.Extensions.Time.Testing;
using SecureStream.Media.Codecs.H265;
using SecureStream.Media.Frames;
using SecureStream.Media.Rtp;
using SecureStream.Media.WebRtc.Rtp;
using static SecureStream.Media.Tests.WebRtc.Rtp.OutboundTestData;

namespace SecureStream.Media.Tests.WebRtc.Rtp;

public sealed class OutboundTrackPacketizerTests
{
    public static TheoryData<string> Fixtures => new("testsrc-640x480-baseline.h264", "testsrc-1920x1080-high-slices.h264");

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Packetize_FixtureStream_DepacketizesToSameNalUnits(string fixture)
    {
        var frames = H264Frames(fixture);
        var packetizer = new OutboundTrackPacketizer(Video(), 65_000, 4_000_000_000);
        var receiver = Receiver(new FakeTimeProvider(Start));
        var received = new List<MediaFrame>();

        foreach (var frame in frames)
        {
            var outbound = packetizer.Packetize(frame)!;
            foreach (var packet in outbound.Packets)
            {
                Assert.InRange(packet.Length - OutboundTrackPacketizer.HeaderSize, 1, 1200);
                Assert.Null(receiver.Receive(Patch(packet), received));
            }
        }

        Assert.Equal(frames.Count, received.Count);
        for (var i = 0; i < frames.Count; i++)
        {
            Assert.Equal(frames[i].IsKeyframe, received[i].IsKeyframe);
            Assert.Equal(
                frames[i].Units.Select(u => Convert.ToHexString(u.Span)),
                received[i].Units.Select(u => Convert.ToHexString(u.Span)));
        }

        Assert.Equal(0, receiver.Counters.Snapshot().Lost);
    }

    [Fact]
    public void Packetize_SequenceAndTimestamp_ContinuousAndWrapping()
    {
        var packetizer = new OutboundTrackPacketizer(Video(), 65_530, uint.MaxValue - 3000);
        var packets = H264Frames(count: 10).SelectMany(f => packetizer.Packetize(f)!.Packets).ToList();

        for (var i = 1; i < packets.Count; i++)
        {
            Assert.Equal((ushort)(Sequence(packets[i - 1]) + 1), Sequence(packets[i]));
        }

        Assert.Equal(uint.MaxValue - 3000, Timestamp(packets[0]));
        Assert.Equal(unchecked(uint.MaxValue - 3000 + (9 * 3000u)), Timestamp(packets[^1]));
    }

    [Fact]
    public void Packetize_SourceFailover_TimestampContinuesForwardAndSequenceStaysContinuous()
    {
        var packetizer = new OutboundTrackPacketizer(Video(), 100, 1_000_000);
        var before = H264Frames(count: 5, firstTimestamp: 900_000_000);

        // The second source's clock is far behind the first one's.
        var after = H264Frames(count: 5, firstTimestamp: 12_345);
        var first = before.Select(f => packetizer.Packetize(f)!).ToList();
        packetizer.MarkDiscontinuity();
        var second = after.Select(f => packetizer.Packetize(f)!).ToList();

        var all = first.Concat(second).ToList();
        var timestamps = all.Select(f => (long)f.RtpTimestamp).ToList();
        Assert.Equal(Enumerable.Range(0, 10).Select(i => 1_000_000L + (i * 3000)), timestamps);
        var sequences = all.SelectMany(f => f.Packets).Select(Sequence).ToList();
        Assert.Equal(Enumerable.Range(100, sequences.Count).Select(s => (ushort)s), sequences);
        Assert.Equal(1, packetizer.Discontinuities);
    }

    [Fact]
    public void Packetize_TimestampJumpsBackWithoutNotice_TreatedAsDiscontinuity()
    {
        var packetizer = new OutboundTrackPacketizer(Video(), 0, 0);
        var frames = H264Frames(count: 3, firstTimestamp: 50_000);

        packetizer.Packetize(frames[0]);
        packetizer.Packetize(frames[1]);
        var back = packetizer.Packetize(frames[0] with { Timestamp = 10 })!;

        Assert.Equal(6000u, back.RtpTimestamp);
        Assert.Equal(1, packetizer.Discontinuities);
    }

    [Fact]
    public void Packetize_SameFrameTwice_SamePacketsNoNewSequenceNumbers()
    {
        var packetizer = new OutboundTrackPacketizer(Video(), 0, 0);
        var frame = H264Frames(count: 1)[0];

        var first = packetizer.Packetize(frame);
        var again = packetizer.Packetize(frame);

        Assert.Same(first, again);
        Assert.Equal(1, packetizer.FramesPacketized);
    }

    [Fact]
    public void Packetize_KeyframeWithoutParameterSets_PrependsLatestOnes()
    {
        var frames = H264Frames(count: 1);
        var sps = frames[0].Units.First(u => (u.Span[0] & 0x1F) == 7);
        var pps = frames[0].Units.First(u => (u.Span[0] & 0x1F) == 8);
        var bare = frames[0] with { Units = [.. frames[0].Units.Where(u => (u.Span[0] & 0x1F) is not (7 or 8))] };
        var packetizer = new OutboundTrackPacketizer(Video(parameterSets: [sps, pps]), 0, 0);
        var receiver = Receiver(new FakeTimeProvider(Start));
        var received = new List<MediaFrame>();

        foreach (var packet in packetizer.Packetize(bare)!.Packets)
        {
            receiver.Receive(Patch(packet), received);
        }

        var types = received.Single().Units.Select(u => u.Span[0] & 0x1F).ToList();
        Assert.Equal(7, types[0]);
        Assert.Equal(8, types[1]);
        Assert.Contains(5, types);
    }

    [Fact]
    public void Packetize_Audio_OneFramePerPacketNoMarker()
    {
        var packetizer = new OutboundTrackPacketizer(Audio(), 7, 160);
        var frame = new MediaFrame(1, MediaCodec.Pcmu, 0, true, [new byte[160]], Start);
        var tooBig = new MediaFrame(1, MediaCodec.Pcmu, 160, true, [new byte[1300]], Start);

        var outbound = packetizer.Packetize(frame)!;

        var packet = Assert.Single(outbound.Packets);
        Assert.Equal(12 + 160, packet.Length);
        Assert.Equal(0, packet.Header.Span[1] & 0x80);
        Assert.Null(packetizer.Packetize(tooBig));
        Assert.Equal(1, packetizer.FramesRejected);
    }

    [Fact]
    public void Packetize_UnsupportedCodec_Refused()
    {
        Assert.Throws<ArgumentException>(() => new OutboundTrackPacketizer(Audio(MediaCodec.Aac), 0, 0));
    }

    [Fact]
    public void TryGetRtpTimestamp_MapsWallClockFromLastFrame()
    {
        var packetizer = new OutboundTrackPacketizer(Video(), 0, 1000);
        Assert.False(packetizer.TryGetRtpTimestamp(Start, out _));

        packetizer.Packetize(H264Frames(count: 1)[0]);

        Assert.True(packetizer.TryGetRtpTimestamp(Start.AddSeconds(1), out var rtp));
        Assert.Equal(91_000u, rtp);
    }

    [Theory]
    [InlineData(MediaCodec.H264)]
    [InlineData(MediaCodec.H265)]
    public void Packetize_LargeKeyframe_PayloadsAreSlicesOfTheFramesOwnBytes(MediaCodec codec)
    {
        // An IDR slice (H.264 type 5, H.265 IDR_W_RADL type 19) split into fragments: every
        // packet's payload must point into the frame's array, so keeping the packets (GOP,
        // retransmission history) keeps no second copy of the frame.
        var nal = new byte[5000];
        nal[0] = codec == MediaCodec.H264 ? (byte)0x65 : (byte)(19 << 1);
        nal[1] = 1;
        for (var i = 2; i < nal.Length; i++)
        {
            nal[i] = (byte)(i * 13);
        }

        var packetizer = new OutboundTrackPacketizer(Video(codec), 100, 0);
        var frame = new MediaFrame(0, codec, 0, true, [nal], Start);

        var packets = packetizer.Packetize(frame)!.Packets;

        Assert.True(packets.Count >= 5);
        var prefix = codec == MediaCodec.H264 ? 2 : 3;
        var skipped = codec == MediaCodec.H264 ? 1 : 2;
        var at = skipped;
        foreach (var packet in packets)
        {
            Assert.Equal(OutboundTrackPacketizer.HeaderSize + prefix, packet.Header.Length);
            Assert.True(MemoryMarshal.TryGetArray(packet.Payload, out var segment));
            Assert.Same(nal, segment.Array);
            Assert.Equal(at, segment.Offset);
            at += segment.Count;

            var whole = packet.ToArray();
            Assert.Equal(packet.Length, whole.Length);
            Assert.Equal(packet.Header.ToArray(), whole[..packet.Header.Length]);
            Assert.Equal(packet.Payload.ToArray(), whole[packet.Header.Length..]);
        }

        Assert.Equal(nal.Length, at);
    }

    [Fact]
    public void H265Packetizer_LargeUnit_FragmentsReassembleToOriginal()
    {
        // RFC 7798 §4.4.3: an IDR_W_RADL (type 19) NAL unit, LayerId 0, TID 1.
        var nal = new byte[5000];
        nal[0] = 19 << 1;
        nal[1] = 1;
        for (var i = 2; i < nal.Length; i++)
        {
            nal[i] = (byte)(i * 7);
        }

        var payloads = H265Packetizer.Packetize([nal], 1200);

        Assert.All(payloads, p => Assert.True(p.Length <= 1200));
        Assert.All(payloads, p => Assert.Equal(49, (p.Span[0] >> 1) & 0x3F));
        Assert.Equal(0x80, payloads[0].Span[2] & 0xC0);
        Assert.Equal(0x40, payloads[^1].Span[2] & 0xC0);
        var rebuilt = new List<byte> { nal[0], nal[1] };
        foreach (var p in payloads)
        {
            Assert.Equal(19, p.Span[2] & 0x3F);
            rebuilt.AddRange(p.Span[3..].ToArray());
        }

        Assert.Equal(nal, rebuilt);
    }

    [Fact]
    public void RetransmissionHistory_KeepsLastCapacityPackets()
    {
        var history = new RetransmissionHistory(16);
        var packetizer = new OutboundTrackPacketizer(Audio(), 65_530, 0, history);
        var packets = Enumerable.Range(0, 40)
            .Select(i => packetizer.Packetize(new MediaFrame(1, MediaCodec.Pcmu, i * 160L, true, [new byte[160]], Start))!.Packets[0])
            .ToList();

        Assert.True(history.TryGet(Sequence(packets[^1]), out var last));
        Assert.Equal(packets[^1].ToArray(), last.ToArray());
        Assert.True(history.TryGet(Sequence(packets[^16]), out _));
        Assert.False(history.TryGet(Sequence(packets[^17]), out _));
        Assert.False(history.TryGet(Sequence(packets[0]), out _));
    }
}
