namespace SecureStream.Media.Cameras;

/// <summary>Where a camera registration came from; also the lookup order (static first).</summary>
/// <remarks>Part of the origin's face (docs/architecture.md, "The origin's face"): the management API names where a camera is defined and refuses to delete one it does not own.</remarks>
public enum CameraSource
{
    /// <summary>The <c>OriginMap</c> configuration section.</summary>
    Static = 0,

    /// <summary>Registered through the management API and kept in the registry file.</summary>
    Rest,

    /// <summary>The Redis origin map store (<c>OriginMapStore</c>), read at lookup time.</summary>
    Redis,
}
