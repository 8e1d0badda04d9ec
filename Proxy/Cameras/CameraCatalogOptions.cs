namespace SecureStream.Proxy.Cameras;

/// <summary>
/// The cameras this gateway serves, as <c>app/stream</c> names or patterns (<c>demo/*</c>), from
/// the <c>Cameras</c> section. The media origin's registry (static map, management API, Redis)
/// takes this role once it runs in the same process; until then this list is the catalog.
/// </summary>
public sealed class CameraCatalogOptions
{
    public const string SectionName = "Cameras";

    public List<string> Known { get; set; } = [];
}
