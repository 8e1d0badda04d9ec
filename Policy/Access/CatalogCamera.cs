namespace SecureStream.Policy.Access;

/// <summary>A camera the catalog knows, as the gate needs it.</summary>
/// <param name="FixedQueryNames">
/// The parameter names the camera's registered URL already carries in its query, which a viewer's
/// forwarded parameters may not name again (compared case-insensitively). Empty when the camera
/// takes no forwarded parameters or its URLs are not known here (the origin then checks).
/// </param>
public sealed record CatalogCamera(IReadOnlySet<string> FixedQueryNames)
{
    /// <summary>A camera known by name only, or one that takes no forwarded parameters.</summary>
    public static CatalogCamera NoFixedNames { get; } = new(new HashSet<string>());
}
