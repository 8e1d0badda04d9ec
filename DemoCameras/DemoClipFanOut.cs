namespace SecureStream.DemoCameras;

/// <summary>
/// The sessions playing one clip, and how far the clip's shared timeline has been sent. All of
/// them get the same frame at the same tick, like viewers of one live camera; each session
/// writes its own RTP headers (its SSRC, sequence numbers, timestamp offset).
/// </summary>
internal sealed class DemoClipFanOut
{
    private readonly Lock _lock = new();
    private DemoRtspSession[] _subscribers = [];
    private long _nextVideo;
    private long _nextAudio;

    public DemoClipFanOut(DemoClip clip) => Clip = clip;

    public DemoClip Clip { get; }

    public int Count => Volatile.Read(ref _subscribers).Length;

    public bool Add(DemoRtspSession session)
    {
        lock (_lock)
        {
            if (Array.IndexOf(_subscribers, session) >= 0)
            {
                return false;
            }

            // Copy on write: the pacing loop reads the array without a lock.
            Volatile.Write(ref _subscribers, [.. _subscribers, session]);
            return true;
        }
    }

    public bool Remove(DemoRtspSession session)
    {
        lock (_lock)
        {
            var index = Array.IndexOf(_subscribers, session);
            if (index < 0)
            {
                return false;
            }

            var copy = new DemoRtspSession[_subscribers.Length - 1];
            _subscribers.AsSpan(0, index).CopyTo(copy);
            _subscribers.AsSpan(index + 1).CopyTo(copy.AsSpan(index));
            Volatile.Write(ref _subscribers, copy);
            return true;
        }
    }

    /// <summary>Lets each session send its RTCP sender reports when due (<see cref="DemoRtspSession.SendSenderReports"/>).</summary>
    public void ReportSenders(TimeSpan position, DateTimeOffset wallclock)
    {
        foreach (var session in Volatile.Read(ref _subscribers))
        {
            session.SendSenderReports(position, wallclock);
        }
    }

    /// <summary>
    /// Sends every frame due before <paramref name="videoEnd"/> / <paramref name="audioEnd"/>
    /// (frame indexes on the shared timeline). Called only by the pacing loop. A timeline more
    /// than a second behind (the loop was idle or starved) jumps to the present instead of
    /// bursting; viewers then wait for the next keyframe.
    /// </summary>
    public void Emit(long videoEnd, long audioEnd)
    {
        var subscribers = Volatile.Read(ref _subscribers);
        if (subscribers.Length == 0)
        {
            _nextVideo = videoEnd;
            _nextAudio = audioEnd;
            return;
        }

        var videoFrom = _nextVideo;
        if (videoEnd - videoFrom > Clip.FrameRate)
        {
            videoFrom = videoEnd - 1;
            foreach (var session in subscribers)
            {
                session.WaitingForKeyframe = true;
            }
        }

        var audioFrom = audioEnd - _nextAudio > DemoClipClock.AudioFramesPerSecond ? audioEnd - 1 : _nextAudio;
        if (videoFrom >= videoEnd && audioFrom >= audioEnd)
        {
            return;
        }

        foreach (var session in subscribers)
        {
            session.Send(videoFrom, videoEnd, audioFrom, audioEnd);
        }

        _nextVideo = videoEnd;
        _nextAudio = audioEnd;
    }
}
