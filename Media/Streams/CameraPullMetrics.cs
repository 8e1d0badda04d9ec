using System.Diagnostics.Metrics;
using SecureStream.Media.Cameras;
using SecureStream.Policy.Access;

namespace SecureStream.Media.Streams;

/// <summary>
/// Per-camera gauges on the media meter, read from the stream hub and the registry when a scrape
/// asks (docs/metrics.md, "Media"): <c>securestream.media.camera.pulling</c> (1 while a pull of the
/// camera has a connected source, else 0) and <c>securestream.media.camera.viewers</c> (subscribers
/// of its pulls), for every camera the registry lists and every camera pulled now. The
/// <c>camera</c> tag is therefore bounded by the registry; an idle listed camera reports 0.
/// </summary>
internal sealed class CameraPullMetrics
{
    private readonly StreamHub _hub;
    private readonly CameraRegistry? _registry;
    private readonly Lock _gate = new();
    private readonly Dictionary<CameraPath, (bool Connected, int Subscribers)> _pulls = [];

    // The camera tag of each camera shown, kept between scrapes so a scrape of thousands of
    // registered cameras does not format their names again; emptied when cameras went away.
    private readonly Dictionary<CameraPath, KeyValuePair<string, object?>> _tags = [];

    public CameraPullMetrics(IMeterFactory meterFactory, StreamHub hub, CameraRegistry? registry = null)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(hub);
        _hub = hub;
        _registry = registry;
        var meter = meterFactory.Create(StreamHubMetrics.MeterName);
        meter.CreateObservableGauge(CameraLabelledInstruments.CameraPulling, () => Measure(pulling: true), "{camera}", "1 while a pull of the camera has a connected source, else 0.");
        meter.CreateObservableGauge(CameraLabelledInstruments.CameraViewers, () => Measure(pulling: false), "{viewer}", "Subscribers attached to the camera's pulls.");
    }

    private List<Measurement<int>> Measure(bool pulling)
    {
        lock (_gate)
        {
            _pulls.Clear();
            _hub.CollectPulls(_pulls);
            if (_registry is not null)
            {
                foreach (var camera in _registry.Known)
                {
                    _pulls.TryAdd(camera, default);
                }
            }

            if (_tags.Count > 2 * _pulls.Count)
            {
                _tags.Clear();
            }

            var measurements = new List<Measurement<int>>(_pulls.Count);
            foreach (var (camera, figures) in _pulls)
            {
                if (!_tags.TryGetValue(camera, out var tag))
                {
                    _tags[camera] = tag = new KeyValuePair<string, object?>("camera", camera.ToString());
                }

                var value = pulling ? (figures.Connected ? 1 : 0) : figures.Subscribers;
                measurements.Add(new Measurement<int>(value, tag));
            }

            return measurements;
        }
    }
}
