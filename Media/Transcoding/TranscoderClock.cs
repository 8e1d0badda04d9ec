namespace SecureStream.Media.Transcoding;

/// <summary>
/// Maps a camera track's timestamps to the 90 kHz PTS given to ffmpeg, and ffmpeg's output PTS
/// back to the output track's clock, so a transcoded frame carries the camera's capture time of
/// the input it came from (lip sync: both tracks' sender reports map one capture instant to one
/// NTP time). One per ffmpeg run, anchored at the first frame written.
/// </summary>
/// <remarks>
/// PTS start at <see cref="Origin"/> (10 s) rather than 0 so that an encoder's priming (Opus
/// shifts its first packets back by its pre-skip) never makes them negative. PTS are 33 bits;
/// output PTS are unwrapped next to the latest input PTS, so the 26.5-hour wrap is invisible.
/// </remarks>
internal sealed class TranscoderClock
{
    /// <summary>The PTS of the first frame written. Written by the input pump, read by the output pump.</summary>
    public const long Origin = 10 * 90_000;

    private const long Wrap = 1L << 33;
    private readonly int _sourceRate;
    private readonly int _outputRate;
    private long _base;
    private int _anchored;
    private long _lastInputPts = Origin;
    private Anchor? _latest;

    public TranscoderClock(int sourceRate, int outputRate)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sourceRate, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputRate, 1);
        _sourceRate = sourceRate;
        _outputRate = outputRate;
    }

    /// <summary>
    /// The 90 kHz PTS (not yet wrapped to 33 bits) of a camera frame at <paramref name="timestamp"/>,
    /// captured (received from the camera) at <paramref name="capturedAt"/>.
    /// </summary>
    public long ToPts(long timestamp, DateTimeOffset capturedAt)
    {
        Volatile.Write(ref _latest, new Anchor(timestamp, capturedAt));
        if (Volatile.Read(ref _anchored) == 0)
        {
            _base = timestamp;
            Volatile.Write(ref _anchored, 1);
        }

        var pts = Origin + (long)((Int128)(timestamp - _base) * 90_000 / _sourceRate);
        Volatile.Write(ref _lastInputPts, pts);
        return pts;
    }

    /// <summary>The output-clock timestamp of an output frame with 33-bit <paramref name="pts"/>; null before any input.</summary>
    public long? ToOutput(long pts)
    {
        if (Volatile.Read(ref _anchored) == 0)
        {
            return null;
        }

        var sourceBase = _base;
        var reference = Volatile.Read(ref _lastInputPts);
        var unwrapped = (pts & (Wrap - 1)) + (reference & ~(Wrap - 1));
        if (unwrapped - reference > Wrap / 2)
        {
            unwrapped -= Wrap;
        }
        else if (reference - unwrapped > Wrap / 2)
        {
            unwrapped += Wrap;
        }

        return (long)((Int128)sourceBase * _outputRate / _sourceRate) + (long)((Int128)(unwrapped - Origin) * _outputRate / 90_000);
    }

    /// <summary>
    /// The capture instant of the output frame at <paramref name="outputTimestamp"/>: the latest
    /// input's capture instant moved by the camera-clock time between the two. A pass-through
    /// frame's capture instant is its arrival, so both tracks' sender reports map one capture
    /// instant to one NTP time (docs/playback.md, "Lip sync"); anchoring on the latest input, not
    /// the first, keeps camera clock drift out of it. Null before any input.
    /// </summary>
    public DateTimeOffset? CapturedAt(long outputTimestamp)
    {
        if (Volatile.Read(ref _latest) is not { } latest)
        {
            return null;
        }

        // outputTimestamp / outputRate − latest.Timestamp / sourceRate, in seconds.
        var ticks = ((Int128)outputTimestamp * _sourceRate) - ((Int128)latest.Timestamp * _outputRate);
        return latest.CapturedAt + TimeSpan.FromSeconds((double)ticks / ((double)_sourceRate * _outputRate));
    }

    /// <summary>How far (90 kHz ticks) <paramref name="pts"/> lies from the latest input: output far from any input is garbage.</summary>
    public long DistanceFromInput(long pts)
    {
        var reference = Volatile.Read(ref _lastInputPts) & (Wrap - 1);
        var delta = Math.Abs((pts & (Wrap - 1)) - reference);
        return Math.Min(delta, Wrap - delta);
    }

    private sealed record Anchor(long Timestamp, DateTimeOffset CapturedAt);
}
