namespace SecureStream.Proxy.Cameras;

/// <summary>
/// Extra cameras the front door admits, as <c>app/stream</c> names or patterns (<c>demo/*</c>), from
/// the <c>Cameras</c> section, on top of the camera registry (<c>OriginMap</c>, the management API,
/// <c>OriginMapStore</c>). For an origin that keeps its own map; they carry no camera URL, so the
/// embedded origin cannot pull them. Prefer <c>OriginMap</c> for cameras this gateway pulls.
/// </summary>
public sealed class CameraCatalogOptions
{
    public const string SectionName = "Cameras";

    public List<string> Known { get; set; } = [];
}
