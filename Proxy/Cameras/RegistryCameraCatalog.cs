using SecureStream.Media.Cameras;
using SecureStream.Policy.Access;

namespace SecureStream.Proxy.Cameras;

/// <summary>
/// The gate's camera catalog: a camera exists when it is named in <c>Cameras:Known</c> (names or
/// patterns the front door admits for an origin that keeps its own map), or when the camera
/// registry knows it (static origin map, management API, Redis — in that order). Anything else is
/// unknown and refused like a camera the viewer may not open, before anything is contacted.
/// </summary>
internal sealed class RegistryCameraCatalog(CameraRegistry registry, ConfiguredCameraCatalog known) : ICameraCatalog
{
    public async ValueTask<bool> ExistsAsync(CameraPath camera, CancellationToken cancellationToken) =>
        await known.ExistsAsync(camera, cancellationToken) ||
        await registry.FindAsync(camera, cancellationToken) is not null;
}
