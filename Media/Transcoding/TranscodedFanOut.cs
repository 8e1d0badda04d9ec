using SecureStream.Media.Frames;
using SecureStream.Media.Streams;

namespace SecureStream.Media.Transcoding;

/// <summary>
/// Hands a transcoder's frames to every joined viewer's bounded queue (never waiting), and keeps
/// the transcoder's own last GOP so a viewer who joins later starts at its latest keyframe.
/// </summary>
/// <remarks>
/// The same rule as the camera's <see cref="FrameFanOut"/>: one short lock makes "take the GOP and
/// join" atomic with "append a frame and fan it out", so a joining viewer gets no gap and no
/// duplicate. After an ffmpeg restart the GOP is forgotten and video resumes at the next keyframe.
/// </remarks>
internal sealed class TranscodedFanOut
{
    private readonly Lock _lock = new();
    private readonly GopBuffer _gop;
    private StreamSubscription[] _viewers = [];
    private long _framesOut;
    private long _dropped;

    public TranscodedFanOut(int gopMaxFrames, long gopMaxBytes)
    {
        _gop = new GopBuffer(gopMaxFrames, gopMaxBytes);
    }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _viewers.Length;
            }
        }
    }

    /// <summary>Frames produced by the transcoder.</summary>
    public long FramesOut => Interlocked.Read(ref _framesOut);

    /// <summary>Frames a viewer's full queue refused.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public void Attach(StreamSubscription viewer)
    {
        lock (_lock)
        {
            _viewers = [.. _viewers, viewer];
            foreach (var frame in _gop.Frames)
            {
                Offer(viewer, frame);
            }
        }
    }

    /// <summary>Removes <paramref name="viewer"/>; the number of viewers left.</summary>
    public int Detach(StreamSubscription viewer)
    {
        lock (_lock)
        {
            _viewers = Array.FindAll(_viewers, v => !ReferenceEquals(v, viewer));
            return _viewers.Length;
        }
    }

    public void Publish(MediaFrame frame)
    {
        lock (_lock)
        {
            Interlocked.Increment(ref _framesOut);
            _gop.Add(frame);
            foreach (var viewer in _viewers)
            {
                Offer(viewer, frame);
            }
        }
    }

    /// <summary>ffmpeg restarted: forget the GOP; each viewer's video resumes at the next keyframe.</summary>
    public void Restarted()
    {
        lock (_lock)
        {
            _gop.Clear();
            foreach (var viewer in _viewers)
            {
                viewer.ResyncAtNextKeyframe();
            }
        }
    }

    private void Offer(StreamSubscription viewer, MediaFrame frame)
    {
        if (viewer.Offer(frame))
        {
            Interlocked.Increment(ref _dropped);
        }
    }
}
