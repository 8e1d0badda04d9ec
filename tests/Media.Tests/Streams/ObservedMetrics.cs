using System.Diagnostics.Metrics;

namespace SecureStream.Media.Tests.Streams;

/// <summary>
/// Reads every instrument of one <see cref="TestMeterFactory"/> the way a scrape does: observable
/// instruments when <see cref="Collect"/> is called, the others as they record. Values are kept
/// per instrument (<c>name</c>, summed over tags), per single tag (<c>name{key=value}</c>) and per
/// tag set (<c>name{k1=v1,k2=v2}</c>, in the order the instrument gave them).
/// </summary>
internal sealed class ObservedMetrics : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly Lock _lock = new();
    private readonly Dictionary<string, double> _observed = [];
    private readonly Dictionary<string, double> _recorded = [];
    private readonly Dictionary<string, List<double>> _histograms = [];

    public ObservedMetrics(TestMeterFactory meters)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Scope == meters)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => OnMeasurement(instrument, value, tags));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => OnMeasurement(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => OnMeasurement(instrument, value, tags));
        _listener.Start();
    }

    /// <summary>Reads the observable instruments once (one scrape), replacing what they showed before.</summary>
    public ObservedMetrics Collect()
    {
        lock (_lock)
        {
            _observed.Clear();
        }

        _listener.RecordObservableInstruments();
        return this;
    }

    /// <summary>The value of an observable (after <see cref="Collect"/>) or the sum a counter recorded; 0 when nothing did.</summary>
    public double Value(string key)
    {
        lock (_lock)
        {
            return _observed.TryGetValue(key, out var observed) ? observed : _recorded.GetValueOrDefault(key);
        }
    }

    /// <summary>Whether an observable showed <paramref name="key"/> in the last <see cref="Collect"/>.</summary>
    public bool Shows(string key)
    {
        lock (_lock)
        {
            return _observed.ContainsKey(key);
        }
    }

    /// <summary>What a histogram recorded, in order.</summary>
    public IReadOnlyList<double> Histogram(string name)
    {
        lock (_lock)
        {
            return _histograms.TryGetValue(name, out var values) ? [.. values] : [];
        }
    }

    public void Dispose() => _listener.Dispose();

    private void OnMeasurement(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var target = instrument.IsObservable ? _observed : _recorded;
        var all = string.Join(",", tags.ToArray().Select(t => $"{t.Key}={t.Value}"));
        lock (_lock)
        {
            if (instrument is Histogram<double>)
            {
                if (!_histograms.TryGetValue(instrument.Name, out var values))
                {
                    _histograms[instrument.Name] = values = [];
                }

                values.Add(value);
                return;
            }

            Add(target, instrument.Name, value);
            foreach (var tag in tags)
            {
                Add(target, $"{instrument.Name}{{{tag.Key}={tag.Value}}}", value);
            }

            if (tags.Length > 1)
            {
                Add(target, $"{instrument.Name}{{{all}}}", value);
            }
        }
    }

    private static void Add(Dictionary<string, double> target, string key, double value) => target[key] = target.GetValueOrDefault(key) + value;
}
