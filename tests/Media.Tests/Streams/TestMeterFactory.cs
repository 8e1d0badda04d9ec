using System.Diagnostics.Metrics;

namespace SecureStream.Media.Tests.Streams;

/// <summary>An <see cref="IMeterFactory"/> whose meters are private to one test, with a listener that sums what they record.</summary>
internal sealed class TestMeterFactory : IMeterFactory
{
    private readonly List<Meter> _meters = [];
    private readonly MeterListener _listener = new();
    private readonly Lock _lock = new();
    private readonly Dictionary<string, long> _sums = [];

    public TestMeterFactory()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Scope == this)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            lock (_lock)
            {
                Add(instrument.Name, value);
                foreach (var tag in tags)
                {
                    Add($"{instrument.Name}{{{tag.Key}={tag.Value}}}", value);
                }
            }
        });
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

    /// <summary>Sum of an instrument's measurements, optionally only those with one tag, written <c>name{key=value}</c>.</summary>
    public long Sum(string key)
    {
        lock (_lock)
        {
            return _sums.GetValueOrDefault(key);
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

    private void Add(string key, long value) => _sums[key] = _sums.GetValueOrDefault(key) + value;
}
