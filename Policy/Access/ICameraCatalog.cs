namespace SecureStream.Policy.Access;

/// <summary>
/// Which cameras exist, and what the gate needs of one. The gate asks before anything else is
/// contacted, and answers an unknown camera exactly like a camera the operator is not entitled
/// to, so the answer reveals nothing. One look-up per admission answers both questions.
/// </summary>
public interface ICameraCatalog
{
    /// <summary>The camera when it is registered (static map, management API, Redis, or a known name); null when it is not.</summary>
    ValueTask<CatalogCamera?> FindAsync(CameraPath camera, CancellationToken cancellationToken);
}
