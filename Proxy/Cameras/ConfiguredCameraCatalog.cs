using Microsoft.Extensions.Options;
using SecureStream.Policy.Access;

namespace SecureStream.Proxy.Cameras;

/// <summary>
/// The <c>Cameras:Known</c> list: exact names in a set, patterns in a list. Part of
/// <see cref="RegistryCameraCatalog"/>, the gateway's catalog.
/// </summary>
internal sealed class ConfiguredCameraCatalog : ICameraCatalog
{
    private readonly HashSet<string> _exact = new(StringComparer.Ordinal);
    private readonly List<CameraPattern> _patterns = [];

    public ConfiguredCameraCatalog(IOptions<CameraCatalogOptions> options)
    {
        foreach (var entry in options.Value.Known)
        {
            if (CameraPath.TryParse(entry, out var exact))
            {
                _exact.Add(exact.ToString());
            }
            else if (CameraPattern.TryParse(entry, out var pattern))
            {
                _patterns.Add(pattern!);
            }
        }
    }

    public ValueTask<CatalogCamera?> FindAsync(CameraPath camera, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Knows(camera) ? CatalogCamera.NoFixedNames : null);

    /// <summary>True when the name or one of the patterns covers <paramref name="camera"/>.</summary>
    public bool Knows(CameraPath camera) => _exact.Contains(camera.ToString()) || _patterns.Exists(p => p.Matches(camera));
}
