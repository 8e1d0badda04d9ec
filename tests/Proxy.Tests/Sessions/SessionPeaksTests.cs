using Microsoft.Extensions.Time.Testing;
using SecureStream.Media.Cameras;
using SecureStream.Policy.Access;
using SecureStream.Proxy.Sessions;

namespace SecureStream.Proxy.Tests.Sessions;

public sealed class SessionPeaksTests
{
    private static readonly CameraPath Cam1 = new("app", "cam1");

    [Fact]
    public void OpenedAndClosed_CountEveryScopeOfTheCamera()
    {
        var cameras = new MovableVirtualHost("default");
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
    public void CameraMovedToAnotherVirtualHost_CountsUnderTheNewOne()
    {
        var cameras = new MovableVirtualHost("first");
        var peaks = new SessionPeaks(new Lazy<IOriginCameras>(cameras), new FakeTimeProvider());
        peaks.Opened(Cam1);
        peaks.Closed(Cam1);

        cameras.Current = "second";
        peaks.Opened(Cam1);
        peaks.Opened(Cam1);

        Assert.Equal(1, peaks.PeakOf(SessionPeaks.CameraScope("first", Cam1)).Peak);
        Assert.Equal(2, peaks.PeakOf(SessionPeaks.CameraScope("second", Cam1)).Peak);
        Assert.Equal(2, peaks.PeakOf(SessionPeaks.VirtualHostScope("second")).Peak);
    }

    /// <summary>A registry that only answers which virtual host a camera is in.</summary>
    private sealed class MovableVirtualHost(string current) : IOriginCameras
    {
        public string Current { get; set; } = current;

        public string VirtualHostOf(CameraPath camera) => Current;

        public DateTimeOffset CreatedAt => throw new NotSupportedException();

        public CameraProperties Defaults => throw new NotSupportedException();

        public IReadOnlyList<string> VirtualHosts => throw new NotSupportedException();

        public bool HasVirtualHost(string virtualHost) => throw new NotSupportedException();

        public ValueTask<CameraRegistration?> FindAsync(CameraPath camera, CancellationToken cancellationToken) => throw new NotSupportedException();

        public ValueTask<CatalogCamera?> FindForGateAsync(CameraPath camera, CancellationToken cancellationToken) => throw new NotSupportedException();

        public IReadOnlyList<CameraPath> List(string virtualHost, string app) => throw new NotSupportedException();

        public IReadOnlyList<string> Apps(string virtualHost) => throw new NotSupportedException();

        public bool HasApp(string virtualHost, string app) => throw new NotSupportedException();

        public Task<CameraStoreOutcome> RegisterAsync(CameraRegistration registration, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<CameraStoreOutcome> RemoveAsync(CameraPath camera, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
