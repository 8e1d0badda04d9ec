using SecureStream.Media.Cameras;
using SecureStream.Policy.Access;

namespace SecureStream.Proxy.Cameras;

/// <summary>
/// The gate's camera catalog: a camera exists when it is named in <c>Cameras:Known</c> (names or
/// patterns the front door admits for an origin that keeps its own map), or when the camera
/// registry knows it (static origin map, management API, Redis — in that order). Anything else is
/// unknown and refused like a camera the viewer may not open, before anything is contacted. The
/// same look-up gives the camera URL's own query names, so a conflicting forwarded parameter is
/// refused before the webhook and before any camera contact (a camera known only by name gives
/// none; its origin refuses the conflict itself), and whether it has a substream.
/// </summary>
internal sealed class RegistryCameraCatalog(IServiceProvider services, ConfiguredCameraCatalog known) : ICameraCatalog
{
    // Resolved on first use, not in the constructor: YARP builds the gate (and so this catalog)
    // while the app is built, before the host validates options; building the registry then would
    // report the OriginMap problems alone instead of every configuration problem at once.
    private IOriginCameras? _registry;

    public async ValueTask<CatalogCamera?> FindAsync(CameraPath camera, CancellationToken cancellationToken) =>
        await Registry.FindForGateAsync(camera, cancellationToken)
        ?? (known.Knows(camera) ? CatalogCamera.NoFixedNames : null);

    private IOriginCameras Registry => _registry ??= services.GetRequiredService<IOriginCameras>();
}
