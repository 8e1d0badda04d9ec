using SecureStream.Media.Codecs.H264;
using System.Buffers.Binary;
using System.Threading.Channels;
using SecureStream.DemoCameras;

namespace SecureStream.Media.Tests.DemoCameras;

public sealed class DemoRtspSessionTests
{
    private readonly DemoClip _clip = DemoClipLibrary.BuiltIn.Resolve("lobby");

    [Fact]
    public void Send_AcrossTheLoop_TimestampsKeepCountingAndSequenceNumbersStep()
    {
        var queue = Channel.CreateUnbounded<DemoOutboundBuffer>();
        var session = NewSession(queue.Writer);

        // Frames 225..275 straddle the end of the 250-frame clip; 225 and 250 are keyframes.
        session.Send(225, 276, 0, 0);

        var packets = ReadPackets(queue.Reader);
        var timestamps = packets.Select(p => BinaryPrimitives.ReadUInt32BigEndian(p.AsSpan(4))).Distinct().ToArray();
        Assert.Equal(51, timestamps.Length);
        var offset = timestamps[0] - (225u * 3600u);
        Assert.Equal(Enumerable.Range(225, 51).Select(n => unchecked(offset + ((uint)n * 3600u))), timestamps);
        for (var i = 1; i < packets.Count; i++)
        {
            Assert.Equal((ushort)(BinaryPrimitives.ReadUInt16BigEndian(packets[i - 1].AsSpan(2)) + 1), BinaryPrimitives.ReadUInt16BigEndian(packets[i].AsSpan(2)));
        }
    }

    [Fact]
    public void Send_Joining_WaitsForTheNextKeyframe()
    {
        var queue = Channel.CreateUnbounded<DemoOutboundBuffer>();
        var session = NewSession(queue.Writer);

        session.Send(10, 20, 0, 0);
        Assert.False(queue.Reader.TryRead(out _));

        session.Send(20, 30, 0, 0);
        var first = ReadPackets(queue.Reader)[0];
        Assert.Equal(H264NalType.Sps, first[12] & 0x1F);
        Assert.Equal(25u * 3600u, BinaryPrimitives.ReadUInt32BigEndian(first.AsSpan(4)) - session.Video!.TimestampOffset);
    }

    [Fact]
    public void Send_FullQueue_DropsTheTickAndResumesAtAKeyframe()
    {
        var queue = Channel.CreateBounded<DemoOutboundBuffer>(1);
        var session = NewSession(queue.Writer);
        session.Send(0, 1, 0, 1);

        session.Send(1, 2, 1, 2);
        Assert.Equal(1, session.TicksDropped);
        queue.Reader.TryRead(out var buffer);
        buffer.Return();

        session.Send(2, 3, 2, 3);
        var audioOnly = ReadPackets(queue.Reader);
        Assert.Single(audioOnly);
        Assert.Equal(0, audioOnly[0][1] & 0x7F);
        Assert.Equal(12 + DemoClip.AudioSamplesPerFrame, audioOnly[0].Length);
    }

    [Fact]
    public void SendSenderReports_OnceBothTracksSent_EveryFiveSeconds()
    {
        var queue = Channel.CreateUnbounded<DemoOutboundBuffer>();
        var session = NewSession(queue.Writer);
        var wallclock = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        session.Send(10, 11, 10, 11); // video still waits for a keyframe
        session.SendSenderReports(TimeSpan.FromSeconds(0.4), wallclock);
        var beforeKeyframe = ReadPackets(queue.Reader);
        session.Send(25, 26, 50, 51);
        session.SendSenderReports(TimeSpan.FromSeconds(1), wallclock);
        var packets = ReadPackets(queue.Reader);
        session.SendSenderReports(TimeSpan.FromSeconds(3), wallclock);
        var tooSoon = ReadPackets(queue.Reader);
        session.SendSenderReports(TimeSpan.FromSeconds(6), wallclock);

        Assert.DoesNotContain(beforeKeyframe, p => p[1] == 200);
        Assert.Empty(tooSoon);
        Assert.Equal(2, ReadPackets(queue.Reader).Count);
        var reports = packets.Where(p => p[1] == 200).ToArray();
        Assert.Equal(2, reports.Length);
        var video = reports[0];
        Assert.Equal(SecureStream.Media.Rtp.RtcpSenderReportWriter.GetSize("securestream-demo".Length), video.Length); // SR + SDES CNAME
        Assert.Equal(session.Video!.Ssrc, BinaryPrimitives.ReadUInt32BigEndian(video.AsSpan(4)));
        Assert.Equal(3976214400u, BinaryPrimitives.ReadUInt32BigEndian(video.AsSpan(8))); // 2026-01-01 in NTP seconds
        Assert.Equal(unchecked(session.Video.TimestampOffset + 90_000u), BinaryPrimitives.ReadUInt32BigEndian(video.AsSpan(16)));
        Assert.Equal((uint)packets.Count(p => p[1] == (0x80 | 96) || p[1] == 96), BinaryPrimitives.ReadUInt32BigEndian(video.AsSpan(20)));
        Assert.Equal(unchecked(session.Audio!.TimestampOffset + 8000u), BinaryPrimitives.ReadUInt32BigEndian(reports[1].AsSpan(16)));
        Assert.Equal(2u, BinaryPrimitives.ReadUInt32BigEndian(reports[1].AsSpan(20)));
    }

    private DemoRtspSession NewSession(ChannelWriter<DemoOutboundBuffer> writer) => new("s1", "lobby", _clip, writer)
    {
        Video = new DemoRtpTrack(0, 0, DemoSdpWriter.VideoPayloadType, DemoClip.VideoClockRate),
        Audio = new DemoRtpTrack(1, 2, DemoSdpWriter.AudioPayloadType, DemoClip.AudioClockRate),
    };

    private static List<byte[]> ReadPackets(ChannelReader<DemoOutboundBuffer> reader)
    {
        var packets = new List<byte[]>();
        while (reader.TryRead(out var buffer))
        {
            var span = buffer.Memory.Span;
            while (!span.IsEmpty)
            {
                Assert.Equal((byte)'$', span[0]);
                var length = BinaryPrimitives.ReadUInt16BigEndian(span[2..]);
                packets.Add(span.Slice(4, length).ToArray());
                span = span[(4 + length)..];
            }

            buffer.Return();
        }

        return packets;
    }
}
