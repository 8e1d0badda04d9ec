using System.Collections.Concurrent;
using SecureStream.Media.Cameras;
using SecureStream.Policy.Access;

namespace SecureStream.Proxy.Sessions;

/// <summary>
/// Live sessions and their peak per scope — the whole server, a virtual host, an app, a camera —
/// for OME's <c>maxTotalConnections</c> and <c>maxTotalConnectionTime</c>. Counted as sessions
/// open and close, so a peak between two statistics requests is not missed. Scopes come from
/// registered cameras only (the gate admits no other), so the table stays as small as the registry.
/// The registry is taken lazily: the session registry is built before the start-up validation
/// that reports every configuration problem at once, and must not build the camera registry
/// (which throws on the first bad origin map) on the way.
/// </summary>
internal sealed class SessionPeaks(Lazy<IOriginCameras> registry, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Scope> _scopes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<CameraPath, (string VirtualHost, string[] Keys)> _keys = new();

    /// <summary>The scope key of the whole server.</summary>
    public const string Server = "";

    public static string VirtualHostScope(string virtualHost) => "vh:" + virtualHost;

    public static string AppScope(string virtualHost, string app) => "app:" + virtualHost + "/" + app;

    public static string CameraScope(string virtualHost, CameraPath camera) => "cam:" + virtualHost + "/" + camera;

    public void Opened(CameraPath camera)
    {
        var now = time.GetUtcNow();
        foreach (var key in KeysOf(camera))
        {
            _scopes.GetOrAdd(key, static _ => new Scope()).Open(now);
        }
    }

    public void Closed(CameraPath camera)
    {
        foreach (var key in KeysOf(camera))
        {
            if (_scopes.TryGetValue(key, out var scope))
            {
                scope.Close();
            }
        }
    }

    /// <summary>The most sessions the scope held at once, and when that was first reached; (0, null) for a scope never used.</summary>
    public (int Peak, DateTimeOffset? At) PeakOf(string scope) =>
        _scopes.TryGetValue(scope, out var found) ? found.Read() : (0, null);

    private string[] KeysOf(CameraPath camera)
    {
        // Every session's open and close asks: the keys are built once per camera and virtual
        // host, not four strings per call. Only registered cameras get here (see the type).
        var virtualHost = registry.Value.VirtualHostOf(camera);
        if (_keys.TryGetValue(camera, out var known) && string.Equals(known.VirtualHost, virtualHost, StringComparison.Ordinal))
        {
            return known.Keys;
        }

        var keys = new[] { Server, VirtualHostScope(virtualHost), AppScope(virtualHost, camera.App), CameraScope(virtualHost, camera) };
        _keys[camera] = (virtualHost, keys);
        return keys;
    }

    private sealed class Scope
    {
        private readonly Lock _gate = new();
        private int _live;
        private int _peak;
        private DateTimeOffset? _peakAt;

        public void Open(DateTimeOffset now)
        {
            lock (_gate)
            {
                _live++;
                if (_live > _peak)
                {
                    _peak = _live;
                    _peakAt = now;
                }
            }
        }

        public void Close()
        {
            lock (_gate)
            {
                _live = Math.Max(0, _live - 1);
            }
        }

        public (int, DateTimeOffset?) Read()
        {
            lock (_gate)
            {
                return (_peak, _peakAt);
            }
        }
    }
}
