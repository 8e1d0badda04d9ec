using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SecureStream.Media.Cameras;
using SecureStream.Policy.Access;
using SecureStream.Proxy.Sessions;

namespace SecureStream.Proxy.Tests.Sessions;

public sealed class SessionPeaksTests : IAsyncLifetime
{
    private static readonly CameraPath Cam1 = new("app", "cam1");
    private readonly string _directory = Directory.CreateTempSubdirectory("session-peaks-").FullName;
    private readonly List<RegisteredCameraStore> _stores = [];
    private readonly List<RedisOriginMapStore> _redis = [];

    [Fact]
    public void OpenedAndClosed_CountEveryScopeOfTheCamera()
    {
        var cameras = Registry("default");
        var peaks = new SessionPeaks(new Lazy<IOriginCameras>(cameras), new FakeTimeProvider());

        peaks.Opened(Cam1);
        peaks.Opened(Cam1);
        peaks.Closed(Cam1);
        peaks.Opened(Cam1);

        foreach (var scope in new[] { SessionPeaks.Server, SessionPeaks.VirtualHostScope("default"), SessionPeaks.AppScope("default", "app"), SessionPeaks.CameraScope("default", Cam1) })
        {
            Assert.Equal(2, peaks.PeakOf(scope).Peak);
        }
    }

    [Fact]
    public async Task CameraMovedToAnotherVirtualHost_CountsUnderTheNewOne()
    {
        var cameras = Registry("first", "second");
        Assert.Equal(CameraStoreOutcome.Added, await cameras.RegisterAsync(Registration("first"), CancellationToken.None));
        var peaks = new SessionPeaks(new Lazy<IOriginCameras>(cameras), new FakeTimeProvider());
        peaks.Opened(Cam1);
        peaks.Closed(Cam1);

        // Removed and registered again under another virtual host through the management API.
        Assert.Equal(CameraStoreOutcome.Removed, await cameras.RemoveAsync(Cam1, CancellationToken.None));
        Assert.Equal(CameraStoreOutcome.Added, await cameras.RegisterAsync(Registration("second"), CancellationToken.None));
        peaks.Opened(Cam1);
        peaks.Opened(Cam1);

        Assert.Equal(1, peaks.PeakOf(SessionPeaks.CameraScope("first", Cam1)).Peak);
        Assert.Equal(2, peaks.PeakOf(SessionPeaks.CameraScope("second", Cam1)).Peak);
        Assert.Equal(2, peaks.PeakOf(SessionPeaks.VirtualHostScope("second")).Peak);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var redis in _redis)
        {
            await redis.DisposeAsync();
        }

        _stores.ForEach(store => store.Dispose());
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>The gateway's registry: no static or Redis cameras, API registrations in a file of this test's.</summary>
    private CameraRegistry Registry(params string[] virtualHosts)
    {
        var originMap = Options.Create(new OriginMapOptions());
        var options = Options.Create(new CameraRegistryOptions { StorePath = Path.Combine(_directory, $"cameras-{_stores.Count}.json"), VirtualHosts = [.. virtualHosts] });
        var store = new RegisteredCameraStore(options, NullLogger<RegisteredCameraStore>.Instance);
        _stores.Add(store);
        var redis = new RedisOriginMapStore(Options.Create(new RedisOriginMapOptions()), NullLogger<RedisOriginMapStore>.Instance);
        _redis.Add(redis);
        return new CameraRegistry(new StaticOriginMap(originMap), store, redis, originMap, options, TimeProvider.System);
    }

    private static CameraRegistration Registration(string virtualHost)
    {
        Assert.True(CameraUrl.TryParse("rtsp://127.0.0.1:8554/cam1", out var url, out var error), error);
        return new CameraRegistration(Cam1, [url!], CameraProperties.Default, Persistent: false, CameraSource.Rest) { VirtualHost = virtualHost };
    }
}
