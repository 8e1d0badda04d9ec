using System.Diagnostics.Metrics;

namespace SecureStream.Policy.Tests.Infrastructure;

/// <summary>
/// An <see cref="IMeterFactory"/> whose meters are private to one test, with a listener that
/// records what their instruments measure. A measurement is filed under the instrument's name,
/// under <c>name{key=value}</c> for each of its tags, and under <c>name{k1=v1,k2=v2}</c> for all of
/// them (tags in name order). Shared by the policy's and the front door's tests.
/// </summary>
internal sealed class RecordingMeterFactory : IMeterFactory
{
    private readonly List<Meter> _meters = [];
    private readonly MeterListener _listener = new();
    private readonly Lock _lock = new();
    private readonly Dictionary<string, double> _sums = [];
    private readonly Dictionary<string, long> _counts = [];
    private Dictionary<string, double> _observed = [];
    private Dictionary<string, double>? _observing;

    public RecordingMeterFactory()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Scope == this)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    public Meter Create(MeterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var meter = new Meter(new MeterOptions(options.Name) { Version = options.Version, Tags = options.Tags, Scope = this });
        lock (_lock)
        {
            _meters.Add(meter);
        }

        return meter;
    }

    /// <summary>Sum of the measurements a counter or histogram recorded under <paramref name="key"/>.</summary>
    public double Sum(string key)
    {
        lock (_lock)
        {
            return _sums.GetValueOrDefault(key);
        }
    }

    /// <summary>How many measurements a counter or histogram recorded under <paramref name="key"/>.</summary>
    public long Count(string key)
    {
        lock (_lock)
        {
            return _counts.GetValueOrDefault(key);
        }
    }

    /// <summary>Runs the observable instruments' callbacks (as a scrape does) and returns what they reported under <paramref name="key"/>; null when nothing.</summary>
    public double? Observe(string key)
    {
        lock (_lock)
        {
            _observing = [];
        }

        _listener.RecordObservableInstruments();
        lock (_lock)
        {
            _observed = _observing!;
            _observing = null;
            return _observed.TryGetValue(key, out var value) ? value : null;
        }
    }

    public void Dispose()
    {
        _listener.Dispose();
        foreach (var meter in _meters)
        {
            meter.Dispose();
        }
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var sorted = tags.ToArray().OrderBy(tag => tag.Key, StringComparer.Ordinal).ToArray();
        var keys = new List<string>(sorted.Length + 2) { instrument.Name };
        foreach (var tag in sorted)
        {
            keys.Add($"{instrument.Name}{{{tag.Key}={tag.Value}}}");
        }

        if (sorted.Length > 1)
        {
            keys.Add($"{instrument.Name}{{{string.Join(",", sorted.Select(tag => $"{tag.Key}={tag.Value}"))}}}");
        }

        lock (_lock)
        {
            var target = instrument.IsObservable ? _observing : _sums;
            if (target is null)
            {
                return;
            }

            foreach (var key in keys)
            {
                target[key] = target.GetValueOrDefault(key) + value;
                if (!instrument.IsObservable)
                {
                    _counts[key] = _counts.GetValueOrDefault(key) + 1;
                }
            }
        }
    }
}
