using System.Threading.Channels;
using SecureStream.DemoCameras;

namespace SecureStream.Media.Tests.DemoCameras;

public sealed class DemoClipFanOutTests
{
    private readonly DemoClip _clip = DemoClipLibrary.BuiltIn.Resolve("lobby");

    [Fact]
    public void Emit_FarBehind_JumpsToThePresentInsteadOfBursting()
    {
        var fanOut = new DemoClipFanOut(_clip);
        var queue = Channel.CreateUnbounded<DemoOutboundBuffer>();
        var session = NewSession(queue.Writer);
        fanOut.Add(session);

        // The loop was idle for 10 s: 250 video frames and 500 audio frames are "due".
        fanOut.Emit(250, 500);

        Assert.True(queue.Reader.TryRead(out var buffer));
        var packets = CountPackets(buffer);
        buffer.Return();

        // Only the newest frame of each track is considered; video frame 249 is not a keyframe,
        // so the joining session gets just the one audio frame.
        Assert.False(_clip.VideoFrames[249].IsKeyframe);
        Assert.Equal(1, packets);
    }

    [Fact]
    public void Emit_SlightlyLate_SendsEverythingDue()
    {
        var fanOut = new DemoClipFanOut(_clip);
        var queue = Channel.CreateUnbounded<DemoOutboundBuffer>();
        fanOut.Emit(25, 50);
        fanOut.Add(NewSession(queue.Writer));

        fanOut.Emit(28, 56);

        Assert.True(queue.Reader.TryRead(out var buffer));
        var packets = CountPackets(buffer);
        buffer.Return();
        var video = Enumerable.Range(25, 3).Sum(n => _clip.VideoFrames[n].Payloads.Length);
        Assert.Equal(video + 6, packets);
    }

    [Fact]
    public void RemoveAndAdd_ChangeTheCount()
    {
        var fanOut = new DemoClipFanOut(_clip);
        var session = NewSession(Channel.CreateUnbounded<DemoOutboundBuffer>().Writer);

        Assert.True(fanOut.Add(session));
        Assert.False(fanOut.Add(session));
        Assert.Equal(1, fanOut.Count);
        Assert.True(fanOut.Remove(session));
        Assert.False(fanOut.Remove(session));
        Assert.Equal(0, fanOut.Count);
    }

    private DemoRtspSession NewSession(ChannelWriter<DemoOutboundBuffer> writer) => new("s", "lobby", _clip, writer)
    {
        Video = new DemoRtpTrack(0, 0, DemoSdpWriter.VideoPayloadType, DemoClip.VideoClockRate),
        Audio = new DemoRtpTrack(1, 2, DemoSdpWriter.AudioPayloadType, DemoClip.AudioClockRate),
    };

    private static int CountPackets(DemoOutboundBuffer buffer)
    {
        var span = buffer.Memory.Span;
        var count = 0;
        while (!span.IsEmpty)
        {
            span = span[(4 + ((span[2] << 8) | span[3]))..];
            count++;
        }

        return count;
    }
}
