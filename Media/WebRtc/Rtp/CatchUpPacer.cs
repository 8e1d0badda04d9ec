namespace SecureStream.Media.WebRtc.Rtp;

/// <summary>
/// Spreads a new viewer's backlog over time instead of sending it in one burst. The backlog is
/// every frame that arrived from the camera before the viewer's writer started: the kept group of
/// pictures the viewer starts with, and what queued while ICE and DTLS were under way — up to a
/// few seconds of video. Sent back to back it is hundreds of packets within a millisecond, more
/// than a receiver's socket buffer takes (libwebrtc asks for 256 KB; the Linux default is 208 KB,
/// which a 1.5 Mbit/s camera's one-second GOP overflows on loopback alone) and more than a
/// home router's queue takes.
/// </summary>
/// <remarks>
/// Backlog frames leave at <see cref="Speed"/> times the pace they arrived at from the camera,
/// so the first one (the keyframe) goes at once, a one-second GOP is caught up in a quarter of a
/// second, and the rate stays a fixed multiple of the camera's own whatever its bitrate. A frame's
/// packets still go together, as the camera's did. Live frames (arrived once the writer existed)
/// are never held: the camera paces them. One instance per writer; not thread-safe (used only on
/// the writer's send loop).
/// </remarks>
internal sealed class CatchUpPacer
{
    /// <summary>How much faster than the camera the backlog is sent.</summary>
    public const int Speed = 4;

    /// <summary>The longest wait between two backlog frames, whatever gap the camera left between them.</summary>
    public static readonly TimeSpan MaxStep = TimeSpan.FromMilliseconds(50);

    private readonly TimeProvider _time;
    private DateTimeOffset? _lastCapturedAt;
    private DateTimeOffset _nextSendAt;

    /// <param name="time">The clock the frames' <see cref="OutboundFrame.CapturedAt"/> was read from.</param>
    public CatchUpPacer(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        LiveFrom = time.GetUtcNow();
    }

    /// <summary>When the writer started: frames that arrived from the camera before this are the backlog.</summary>
    public DateTimeOffset LiveFrom { get; }

    /// <summary>Waits until <paramref name="frame"/> may be sent: at once for a live frame or the first of the backlog.</summary>
    public ValueTask WaitAsync(OutboundFrame frame, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (frame.CapturedAt >= LiveFrom)
        {
            return ValueTask.CompletedTask;
        }

        var now = _time.GetUtcNow();
        if (_lastCapturedAt is not { } last)
        {
            _lastCapturedAt = frame.CapturedAt;
            _nextSendAt = now;
            return ValueTask.CompletedTask;
        }

        var gap = frame.CapturedAt - last;
        var step = gap <= TimeSpan.Zero ? TimeSpan.Zero : TimeSpan.FromTicks(Math.Min(gap.Ticks / Speed, MaxStep.Ticks));
        _lastCapturedAt = frame.CapturedAt;
        _nextSendAt += step;
        var wait = _nextSendAt - now;
        if (wait <= TimeSpan.Zero)
        {
            // Behind schedule (the send itself was slow): go now, and do not bank the lost time
            // for a burst later.
            _nextSendAt = now;
            return ValueTask.CompletedTask;
        }

        return new ValueTask(Task.Delay(wait, _time, cancellationToken));
    }
}
