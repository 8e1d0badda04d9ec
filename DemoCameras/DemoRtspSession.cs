using System.Buffers;
using System.Threading.Channels;

namespace SecureStream.DemoCameras;

/// <summary>
/// One RTSP session: a camera name, the clip it plays, the tracks set up, and the connection's
/// send queue. Once playing, only the pacing loop (<see cref="DemoClipClock"/>) calls
/// <see cref="Send"/>; it never blocks: a full queue drops the tick and the video resumes at the
/// next keyframe.
/// </summary>
internal sealed class DemoRtspSession
{
    private readonly ChannelWriter<DemoOutboundBuffer> _queue;
    private long _packetsSent;
    private TimeSpan _nextSenderReport = TimeSpan.MinValue;
    private long _ticksDropped;

    public DemoRtspSession(string id, string cameraName, DemoClip clip, ChannelWriter<DemoOutboundBuffer> queue)
    {
        Id = id;
        CameraName = cameraName;
        Clip = clip;
        _queue = queue;
    }

    public string Id { get; }

    public string CameraName { get; }

    public DemoClip Clip { get; }

    public DemoRtpTrack? Video { get; set; }

    public DemoRtpTrack? Audio { get; set; }

    public bool IsPlaying { get; set; }

    /// <summary>RTP packets queued for sending.</summary>
    public long PacketsSent => Interlocked.Read(ref _packetsSent);

    /// <summary>Pacing ticks dropped because the client read too slowly.</summary>
    public long TicksDropped => Interlocked.Read(ref _ticksDropped);

    /// <summary>A viewer joins (and resumes after a drop) at a keyframe, never mid-GOP.</summary>
    internal bool WaitingForKeyframe { get; set; } = true;

    /// <summary>RTCP sender reports go out every 5 s, RFC 3550 §6.2's minimum interval.</summary>
    public static TimeSpan SenderReportInterval { get; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Queues a sender report for each track when one is due: the first once every track has sent
    /// RTP, then every <see cref="SenderReportInterval"/>. Called only by the
    /// pacing loop, after <see cref="Send"/>, with the same instant for both tracks.
    /// </summary>
    public void SendSenderReports(TimeSpan position, DateTimeOffset wallclock)
    {
        if (position < _nextSenderReport)
        {
            return;
        }

        // Both tracks report at the same instant or not at all (video waits for its keyframe).
        var video = Video;
        var audio = Audio;
        if ((video is null && audio is null) || video is { PacketCount: 0 } || audio is { PacketCount: 0 })
        {
            return;
        }

        _nextSenderReport = position + SenderReportInterval;
        var buffer = ArrayPool<byte>.Shared.Rent(2 * DemoRtpTrack.SenderReportSize);
        var written = 0;
        foreach (var track in (ReadOnlySpan<DemoRtpTrack?>)[video, audio])
        {
            if (track is not null)
            {
                var ticks = position.Ticks * track.ClockRate / TimeSpan.TicksPerSecond;
                written += track.WriteSenderReport(buffer.AsSpan(written), ticks, wallclock);
            }
        }

        if (!_queue.TryWrite(new DemoOutboundBuffer(buffer, written)))
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Queues video frames [<paramref name="videoFrom"/>, <paramref name="videoEnd"/>) and audio
    /// frames [<paramref name="audioFrom"/>, <paramref name="audioEnd"/>) of the shared timeline
    /// (frame indexes since the clock started; the clip repeats, timestamps keep counting).
    /// </summary>
    public void Send(long videoFrom, long videoEnd, long audioFrom, long audioEnd)
    {
        var clip = Clip;
        var video = Video;
        var audio = Audio;
        var size = 0;
        var packets = 0;
        if (video is not null)
        {
            if (WaitingForKeyframe)
            {
                while (videoFrom < videoEnd && !clip.VideoFrames[videoFrom % clip.VideoFrames.Length].IsKeyframe)
                {
                    videoFrom++;
                }

                WaitingForKeyframe = videoFrom == videoEnd;
            }

            for (var n = videoFrom; n < videoEnd; n++)
            {
                var frame = clip.VideoFrames[n % clip.VideoFrames.Length];
                size += frame.PayloadBytes + (frame.Payloads.Length * DemoRtpTrack.PacketOverhead);
                packets += frame.Payloads.Length;
            }
        }
        else
        {
            videoFrom = videoEnd;
        }

        if (audio is not null)
        {
            var audioFrames = (int)(audioEnd - audioFrom);
            size += audioFrames * (DemoClip.AudioSamplesPerFrame + DemoRtpTrack.PacketOverhead);
            packets += audioFrames;
        }
        else
        {
            audioFrom = audioEnd;
        }

        if (size == 0)
        {
            return;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(size);
        var span = buffer.AsSpan();
        var written = 0;
        for (var n = videoFrom; n < videoEnd; n++)
        {
            var frame = clip.VideoFrames[n % clip.VideoFrames.Length];
            var ticks = n * clip.VideoTicksPerFrame;
            var last = frame.Payloads.Length - 1;
            for (var i = 0; i <= last; i++)
            {
                // RFC 6184 §5.1: the marker is set on the last packet of an access unit.
                written += video!.WritePacket(span[written..], ticks, i == last, frame.Payloads[i].Span);
            }
        }

        for (var k = audioFrom; k < audioEnd; k++)
        {
            var payload = clip.AudioFrames[k % clip.AudioFrames.Length];

            // RFC 3551 §4.1: the marker is for the start of a talkspurt; a continuous tone has none.
            written += audio!.WritePacket(span[written..], k * DemoClip.AudioSamplesPerFrame, false, payload.Span);
        }

        if (_queue.TryWrite(new DemoOutboundBuffer(buffer, written)))
        {
            Interlocked.Add(ref _packetsSent, packets);
        }
        else
        {
            ArrayPool<byte>.Shared.Return(buffer);
            Interlocked.Increment(ref _ticksDropped);
            WaitingForKeyframe = true;
        }
    }
}
