using SecureStream.Media.Frames;

namespace SecureStream.Media.Streams;

/// <summary>
/// The frames (video and audio) from the latest video keyframe, bounded in frames and bytes, so a
/// joining subscriber starts at that keyframe instead of waiting for the next one. When a GOP
/// outgrows the bounds it is dropped whole (a prefix without the rest would not decode) and
/// nothing is kept until the next keyframe. Not thread-safe: <see cref="FrameFanOut"/> guards it.
/// </summary>
internal sealed class GopBuffer
{
    private readonly List<MediaFrame> _frames = [];
    private readonly int _maxFrames;
    private readonly long _maxBytes;
    private long _bytes;
    private bool _anchored;

    public GopBuffer(int maxFrames, long maxBytes)
    {
        _maxFrames = maxFrames;
        _maxBytes = maxBytes;
    }

    /// <summary>Kept frames, oldest (the keyframe) first.</summary>
    public IReadOnlyList<MediaFrame> Frames => _frames;

    /// <summary>Payload bytes kept.</summary>
    public long Bytes => _bytes;

    /// <summary>Video frames are the ones that need a keyframe to decode; audio frames stand alone.</summary>
    public static bool IsVideo(MediaCodec codec) => codec is MediaCodec.H264 or MediaCodec.H265;

    public void Add(MediaFrame frame)
    {
        if (frame.IsKeyframe && IsVideo(frame.Codec))
        {
            Clear();
            _anchored = true;
        }

        if (!_anchored)
        {
            return;
        }

        var size = frame.Size;
        if (_frames.Count >= _maxFrames || _bytes + size > _maxBytes)
        {
            Clear();
            return;
        }

        _frames.Add(frame);
        _bytes += size;
    }

    public void Clear()
    {
        _frames.Clear();
        _bytes = 0;
        _anchored = false;
    }
}
