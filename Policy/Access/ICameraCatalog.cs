namespace SecureStream.Policy.Access;

/// <summary>
/// Which cameras exist. The gate asks before anything else is contacted, and answers an unknown
/// camera exactly like a camera the operator is not entitled to, so the answer reveals nothing.
/// </summary>
public interface ICameraCatalog
{
    /// <summary>True when the camera is registered (static map, management API or Redis).</summary>
    ValueTask<bool> ExistsAsync(CameraPath camera, CancellationToken cancellationToken);
}
