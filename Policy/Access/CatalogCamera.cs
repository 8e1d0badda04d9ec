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

    /// <summary>
    /// Whether the camera's registration names a substream; null for a camera known by name only,
    /// whose origin decides (and falls back to the main stream when it has none).
    /// </summary>
    public bool? HasSubstream { get; init; }

    /// <summary>
    /// The rendition a viewer asking for <paramref name="requested"/> plays: the main stream for
    /// <c>sub</c> when the camera is known to have no substream (docs/cameras.md "Substreams").
    /// </summary>
    public CameraRendition Serve(CameraRendition requested) =>
        requested == CameraRendition.Sub && HasSubstream == false ? CameraRendition.Main : requested;
}
