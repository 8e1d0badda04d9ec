using SecureStream.Media.Rtsp;

namespace SecureStream.Media.Sources;

/// <summary>
/// When and how often one pull asks its camera for a keyframe (docs/architecture.md, "Keyframe
/// requests to cameras"). At the first video packet, once the camera's SSRC is known, it asks at
/// once; without a keyframe within <see cref="RtspClientOptions.KeyframeRequestRetryInterval"/>
/// it asks again, up to <see cref="RtspClientOptions.KeyframeRequestAttempts"/> requests in all,
/// then waits for the camera's own keyframe. Repeats of that request carry the same FIR sequence
/// number (RFC 5104 §4.3.1.2: a repetition, not a new request). Later, a viewer that joins a pull
/// keeping no keyframe may ask once more, at most once per
/// <see cref="RtspClientOptions.KeyframeRequestMinInterval"/>, with a new FIR sequence number.
/// Thread-safe: packets arrive on the receive loop, retries on a timer, viewers on the stream's loop.
/// </summary>
internal sealed class CameraKeyframeRequester : IDisposable
{
    private readonly RtspClientOptions _options;
    private readonly TimeProvider _time;
    private readonly Func<uint, byte, bool> _send;
    private readonly Action<int> _unanswered;
    private readonly Lock _lock = new();
    private ITimer? _retry;
    private volatile bool _started;
    private uint _mediaSsrc;
    private bool _awaitingKeyframe;
    private int _attempts;
    private byte _sequence;
    private long _lastSentAt;
    private bool _disposed;

    /// <param name="send">Sends one request for the camera's SSRC with a FIR sequence number; false when nothing went out.</param>
    /// <param name="unanswered">Called once with the number of start-up requests when none brought a keyframe.</param>
    public CameraKeyframeRequester(RtspClientOptions options, TimeProvider time, Func<uint, byte, bool> send, Action<int> unanswered)
    {
        _options = options;
        _time = time;
        _send = send;
        _unanswered = unanswered;
    }

    /// <summary>Requests that went out (start-up, repeats and viewers').</summary>
    public int Sent { get; private set; }

    /// <summary>A video RTP packet of the camera's source <paramref name="ssrc"/> was taken.</summary>
    public void OnVideoPacket(uint ssrc)
    {
        // Every packet passes here: after the start only an SSRC change takes the lock.
        if (_started && Volatile.Read(ref _mediaSsrc) == ssrc)
        {
            return;
        }

        lock (_lock)
        {
            Volatile.Write(ref _mediaSsrc, ssrc);
            if (_started || _disposed)
            {
                return;
            }

            _started = true;
            _awaitingKeyframe = true;
            _sequence++;
            SendLocked();
            _retry = _time.CreateTimer(static state => ((CameraKeyframeRequester)state!).OnRetry(), this, _options.KeyframeRequestRetryInterval, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>A video keyframe was taken: the start-up request is answered (or was not needed).</summary>
    public void OnKeyframe()
    {
        lock (_lock)
        {
            if (!_awaitingKeyframe)
            {
                return;
            }

            _awaitingKeyframe = false;
            _retry?.Dispose();
            _retry = null;
        }
    }

    /// <summary>
    /// A viewer joined while no keyframe is kept: asks the camera unless a start-up request is still
    /// waiting for its answer or the last request was less than the minimum interval ago.
    /// </summary>
    public bool RequestForViewer()
    {
        lock (_lock)
        {
            if (!_started || _disposed || _awaitingKeyframe
                || _time.GetElapsedTime(_lastSentAt) < _options.KeyframeRequestMinInterval)
            {
                return false;
            }

            _sequence++;
            return SendLocked();
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            _retry?.Dispose();
            _retry = null;
        }
    }

    private void OnRetry()
    {
        var exhausted = 0;
        lock (_lock)
        {
            if (!_awaitingKeyframe || _disposed)
            {
                return;
            }

            if (_attempts >= _options.KeyframeRequestAttempts)
            {
                _awaitingKeyframe = false;
                exhausted = _attempts;
            }
            else
            {
                SendLocked();
                _retry?.Change(_options.KeyframeRequestRetryInterval, Timeout.InfiniteTimeSpan);
            }
        }

        if (exhausted > 0)
        {
            _unanswered(exhausted);
        }
    }

    private bool SendLocked()
    {
        _attempts++;
        _lastSentAt = _time.GetTimestamp();
        if (!_send(_mediaSsrc, _sequence))
        {
            return false;
        }

        Sent++;
        return true;
    }
}
