using SecureStream.Media.Cameras;
using SecureStream.Policy.Access;

namespace SecureStream.Media.Streams;

/// <summary>
/// OME's <c>persistent: true</c> as the management API asks for it (part of the origin's face,
/// docs/architecture.md "The origin's face"): a camera registered as persistent is pulled at once
/// and kept pulled; a deleted one is let go.
/// </summary>
public interface IPersistentCameras
{
    /// <summary>Starts holding a persistent camera; returns null when it is pulled, else the failure reason.</summary>
    Task<string?> EnsureAsync(CameraRegistration camera, CancellationToken cancellationToken);

    /// <summary>Stops holding <paramref name="camera"/>; nothing when it was not held.</summary>
    Task ReleaseAsync(CameraPath camera);
}

/// <summary>
/// A front door with no origin in its process (front-door-only mode) pulls nothing: a persistent
/// registration is refused here, since no pull of this process could keep it warm.
/// </summary>
internal sealed class NoPersistentPulls : IPersistentCameras
{
    /// <summary>The failure reason a front-door-only node answers a persistent registration with.</summary>
    public const string FrontDoorOnly = "front_door_only";

    public Task<string?> EnsureAsync(CameraRegistration camera, CancellationToken cancellationToken) => Task.FromResult<string?>(FrontDoorOnly);

    public Task ReleaseAsync(CameraPath camera) => Task.CompletedTask;
}
