namespace SecureStream.Media.Cameras;

/// <summary>What a change to the registered cameras did.</summary>
/// <remarks>Part of the origin's face (docs/architecture.md, "The origin's face"): the management API answers a registration or removal by it.</remarks>
public enum CameraStoreOutcome
{
    /// <summary>Registered and written to the registry file.</summary>
    Added = 0,

    /// <summary>Removed and the registry file rewritten.</summary>
    Removed,

    /// <summary>A camera of that name is already registered; nothing changed.</summary>
    Exists,

    /// <summary>No camera of that name is registered through the API; nothing changed.</summary>
    NotFound,

    /// <summary><c>CameraRegistry:MaxRegistrations</c> reached; nothing changed.</summary>
    Full,

    /// <summary>The registry file could not be written; nothing changed (the change is not applied unless durable).</summary>
    StoreFailed,
}
