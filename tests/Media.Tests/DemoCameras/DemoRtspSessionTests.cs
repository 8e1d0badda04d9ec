using System.Buffers.Binary;
using System.Threading.Channels;
using SecureStream.Media.DemoCameras;

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
        Assert.Equal(H264NalTypes.Sps, first[12] & 0x1F);
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
