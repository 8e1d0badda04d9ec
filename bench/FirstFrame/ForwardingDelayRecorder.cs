using System.Diagnostics.Metrics;
using SecureStream.Media.Streams;
using SecureStream.Media.WebRtc.Rtp;

namespace SecureStream.FirstFrame;

/// <summary>
/// Listens, in this process (the gateway runs here), to the gateway's
/// <c>securestream.media.forwarding_delay</c> histogram and keeps every video measurement, so the
/// figures are exact percentiles of all frames rather than the bucketed or per-interval
/// percentiles an exporter would give.
/// </summary>
internal sealed class ForwardingDelayRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly Lock _gate = new();
    private List<double> _videoMs = [];
    private List<long> _videoStamps = [];

    public ForwardingDelayRecorder()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == StreamHubMetrics.MeterName && instrument.Name == ForwardingDelayMetrics.InstrumentName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>(OnMeasurement);
        _listener.Start();
    }

    /// <summary>The video delays (ms) recorded since the last call, and starts a new collection.</summary>
    public IReadOnlyList<double> TakeVideoMs() => TakeVideo().Select(m => m.DelayMs).ToList();

    /// <summary>
    /// The video delays recorded since the last call with when each was recorded
    /// (<see cref="System.Diagnostics.Stopwatch"/> timestamp), and starts a new collection.
    /// </summary>
    public IReadOnlyList<(long RecordedAt, double DelayMs)> TakeVideo()
    {
        lock (_gate)
        {
            var taken = _videoStamps.Zip(_videoMs).ToList();
            _videoMs = [];
            _videoStamps = [];
            return taken;
        }
    }

    public void Dispose() => _listener.Dispose();

    private void OnMeasurement(Instrument instrument, double seconds, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == "kind" && tag.Value is "video")
            {
                lock (_gate)
                {
                    _videoMs.Add(seconds * 1000);
                    _videoStamps.Add(System.Diagnostics.Stopwatch.GetTimestamp());
                }

                return;
            }
        }
    }
}
