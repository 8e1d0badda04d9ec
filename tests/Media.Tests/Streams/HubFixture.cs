using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SecureStream.Media.Streams;
using SecureStream.Policy.Access;

namespace SecureStream.Media.Tests.Streams;

/// <summary>A hub over fake cameras and a fake clock. Nothing sleeps: tests advance the clock and wait for the camera's loop to go idle.</summary>
internal sealed class HubFixture : IAsyncDisposable
{
    public static readonly CameraPath Camera = new("app", "cam1");

    public static readonly Uri Url1 = new("rtsp://user:secret@camera-a.example/stream");

    public static readonly Uri Url2 = new("rtsp://user:secret@camera-b.example/stream");

    public HubFixture(StreamSettings? settings = null, SecureStream.Media.Cameras.CameraRegistry? registry = null)
    {
        Settings = settings ?? StreamSettings.Default;
        Hub = new StreamHub(Factory, Time, new StreamHubMetrics(Meters, registry), NullLoggerFactory.Instance);
    }

    public FakeTimeProvider Time { get; } = new();

    public FakeCameraSourceFactory Factory { get; } = new();

    public TestMeterFactory Meters { get; } = new();

    public StreamSettings Settings { get; }

    public StreamHub Hub { get; }

    public ValueTask<StreamSubscription> SubscribeAsync(CameraPath? camera = null, IReadOnlyList<Uri>? urls = null, CancellationToken cancellationToken = default) =>
        Hub.SubscribeAsync(camera ?? Camera, urls ?? [Url1], Settings, cancellationToken);

    /// <summary>Waits until the camera's loop has handled everything (bounded by a real-time guard, never by sleeping).</summary>
    public Task FlushAsync(CameraPath? camera = null) => Hub.FlushAsync(camera ?? Camera).WaitAsync(TimeSpan.FromSeconds(10));

    /// <summary>Advances the fake clock in steps of at most <paramref name="step"/>, letting the loop react after each.</summary>
    public async Task AdvanceAsync(TimeSpan by, TimeSpan? step = null, CameraPath? camera = null)
    {
        var stepSize = step ?? by;
        var left = by;
        while (left > TimeSpan.Zero)
        {
            var next = left < stepSize ? left : stepSize;
            Time.Advance(next);
            left -= next;
            await FlushAsync(camera);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Hub.DisposeAsync();
        Meters.Dispose();
    }
}
