namespace SecureStream.Media.Rtp;

/// <summary>
/// Extends 32-bit RTP timestamps (RFC 3550 §5.1) to 64 bits so they never jump back at the wrap.
/// Each step is taken as the signed 32-bit difference from the previous timestamp, so small
/// backward steps (B-frames, reordering) stay backward and a wrap moves forward.
/// </summary>
internal sealed class RtpTimestampUnwrapper
{
    private uint _last;
    private long _extended;
    private bool _started;

    /// <summary>The last unwrapped value; 0 before the first call.</summary>
    public long Current => _extended;

    public long Unwrap(uint timestamp)
    {
        if (!_started)
        {
            _started = true;
            _last = timestamp;
            _extended = timestamp;
            return _extended;
        }

        _extended += unchecked((int)(timestamp - _last));
        _last = timestamp;
        return _extended;
    }

    /// <summary>
    /// Continues the 64-bit timeline from a new base after the source restarted (new SSRC or
    /// sequence): the next <see cref="Unwrap"/> of <paramref name="timestamp"/> yields one tick
    /// after the last value, so the unwrapped time never goes back.
    /// </summary>
    public void Rebase(uint timestamp)
    {
        if (!_started)
        {
            return;
        }

        _extended += 1;
        _last = timestamp;
    }
}
