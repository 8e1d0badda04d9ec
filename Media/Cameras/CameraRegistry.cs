using Microsoft.Extensions.Options;
using SecureStream.Policy.Access;
using SecureStream.Policy.Forwarding;

namespace SecureStream.Media.Cameras;

/// <summary>
/// The one place that answers "which camera is <c>app/stream</c> and where is it pulled from".
/// Lookup order: the static origin map, then cameras registered through the management API, then
/// the Redis origin map store; the first that knows the camera wins, and none → unknown (the front
/// door refuses it like a camera the viewer may not open, before anything is contacted).
/// Security invariant: camera URLs come from here only — never from a request.
/// </summary>
internal sealed class CameraRegistry : IOriginCameras
{
    private readonly StaticOriginMap _static;
    private readonly RegisteredCameraStore _registered;
    private readonly RedisOriginMapStore _redis;
    private readonly IReadOnlyList<string> _virtualHosts;

    public CameraRegistry(
        StaticOriginMap staticMap,
        RegisteredCameraStore registered,
        RedisOriginMapStore redis,
        IOptions<OriginMapOptions> originMap,
        IOptions<CameraRegistryOptions> options,
        TimeProvider time)
    {
        CreatedAt = time.GetUtcNow();
        _static = staticMap;
        _registered = registered;
        _redis = redis;
        _virtualHosts = options.Value.EffectiveVirtualHosts;
        Defaults = CameraProperties.Default with
        {
            NoInputFailoverTimeoutMs = originMap.Value.NoInputFailoverTimeoutMs,
            UnusedStreamDeletionTimeoutMs = originMap.Value.UnusedStreamDeletionTimeoutMs,
        };
    }

    /// <summary>When the registry was built (at host start): OME's <c>createdTime</c> of the server.</summary>
    public DateTimeOffset CreatedAt { get; }

    /// <summary>Properties for API and Redis cameras that set none: the <c>OriginMap</c> timeouts, no query forwarding.</summary>
    public CameraProperties Defaults { get; }

    /// <summary>The virtual hosts the management API serves.</summary>
    public IReadOnlyList<string> VirtualHosts => _virtualHosts;

    /// <summary>The cameras registered through the management API (the ones that can be persistent).</summary>
    public IReadOnlyCollection<CameraRegistration> Registered => _registered.All;

    /// <summary>
    /// The cameras this registry can name without a lookup: the exact static Locations and the API
    /// registrations (Redis keys and app-wide Locations are found by name only). May repeat a camera.
    /// </summary>
    public IEnumerable<CameraPath> Known => _static.ExactCameras.Concat(_registered.All.Select(r => r.Camera));

    public bool HasVirtualHost(string virtualHost) => _virtualHosts.Contains(virtualHost, StringComparer.Ordinal);

    /// <summary>
    /// The virtual host a camera belongs to: the one it was registered under through the API, else
    /// the first configured one (the static map and Redis keys carry no virtual host).
    /// </summary>
    public string VirtualHostOf(CameraPath camera) => _registered.Find(camera)?.VirtualHost ?? _virtualHosts[0];

    /// <summary>The camera's registration from the first source that knows it, or null.</summary>
    public async ValueTask<CameraRegistration?> FindAsync(CameraPath camera, CancellationToken cancellationToken) =>
        _static.Find(camera) ?? _registered.Find(camera) ?? await _redis.FindAsync(camera, Defaults, cancellationToken);

    /// <inheritdoc />
    public async ValueTask<CatalogCamera?> FindForGateAsync(CameraPath camera, CancellationToken cancellationToken)
    {
        if (await FindAsync(camera, cancellationToken) is not { } registration)
        {
            return null;
        }

        // Both renditions' names: a forwarded parameter reaches whichever stream the viewer plays.
        var names = registration.Properties.ForwardQueryParams
            ? ForwardQueryNames.Of(registration.Urls.Concat(registration.SubstreamUrls).Select(url => url.ToUnredactedString()))
            : CatalogCamera.NoFixedNames.FixedQueryNames;
        return new CatalogCamera(names) { HasSubstream = registration.SubstreamUrls.Count > 0 };
    }

    /// <summary>
    /// The cameras of one app that can be listed: exact static Locations (in every virtual host —
    /// the static map has none) and the API registrations of <paramref name="virtualHost"/>. Redis
    /// keys and app-wide Locations (<c>/app</c>) are looked up by name only and are not listed.
    /// </summary>
    public IReadOnlyList<CameraPath> List(string virtualHost, string app) =>
        _static.ExactCameras
            .Concat(_registered.All.Where(r => r.VirtualHost == virtualHost).Select(r => r.Camera))
            .Where(c => string.Equals(c.App, app, StringComparison.Ordinal))
            .Distinct()
            .OrderBy(c => c.Stream, StringComparer.Ordinal)
            .ToList();

    /// <summary>The apps of <paramref name="virtualHost"/>: those of the static Locations and of its API registrations, sorted.</summary>
    public IReadOnlyList<string> Apps(string virtualHost) =>
        _static.Apps
            .Concat(_registered.All.Where(r => r.VirtualHost == virtualHost).Select(r => r.Camera.App))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>True when the app has a static Location or an API registration in <paramref name="virtualHost"/>.</summary>
    public bool HasApp(string virtualHost, string app) =>
        _static.HasApp(app) || _registered.All.Any(r => r.VirtualHost == virtualHost && r.Camera.App == app);

    /// <summary>
    /// Registers a camera through the management API. A name the static map already serves is
    /// <see cref="CameraStoreOutcome.Exists"/> (the static entry would shadow it). A Redis key of the
    /// same name is shadowed by the registration (lookup order).
    /// </summary>
    public Task<CameraStoreOutcome> RegisterAsync(CameraRegistration registration, CancellationToken cancellationToken) =>
        _static.Find(registration.Camera) is not null
            ? Task.FromResult(CameraStoreOutcome.Exists)
            : _registered.AddAsync(registration, cancellationToken);

    /// <summary>The API registration of <paramref name="camera"/> in <paramref name="virtualHost"/>, or null.</summary>
    public CameraRegistration? FindRegistered(string virtualHost, CameraPath camera) =>
        _registered.Find(camera) is { } registration && registration.VirtualHost == virtualHost ? registration : null;

    /// <summary>Removes an API registration; static and Redis cameras are changed where they are defined.</summary>
    public Task<CameraStoreOutcome> RemoveAsync(CameraPath camera, CancellationToken cancellationToken) =>
        _registered.RemoveAsync(camera, cancellationToken);
}
