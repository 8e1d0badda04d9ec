using Microsoft.Extensions.Options;
using SecureStream.Policy.Access;

namespace SecureStream.Media.Cameras;

/// <summary>
/// The static origin map from configuration. Origins are tried in configuration order; the first
/// whose Location matches the camera's leading path segments wins, and the rest of the camera
/// path is appended to each of its URLs (<c>/app</c> + <c>host/live</c> serves <c>/app/cam1</c>
/// from <c>rtsp://host/live/cam1</c>).
/// </summary>
internal sealed class StaticOriginMap
{
    private readonly List<StaticOrigin> _origins;

    public StaticOriginMap(IOptions<OriginMapOptions> options)
    {
        var errors = new List<string>();
        _origins = OriginMapOptionsValidator.Build(options.Value, errors);
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(OriginMapOptions.SectionName, typeof(OriginMapOptions), errors);
        }
    }

    /// <summary>The registration for <paramref name="camera"/>, or null when no Location matches.</summary>
    public CameraRegistration? Find(CameraPath camera)
    {
        foreach (var origin in _origins)
        {
            if (origin.TryMatch(camera, out var remainder))
            {
                var urls = origin.Urls.Select(u => u.AppendPath(remainder)).ToList();
                return new CameraRegistration(camera, urls, origin.Properties, Persistent: false, CameraSource.Static)
                {
                    SubstreamUrls = origin.SubstreamUrls.Select(u => u.AppendPath(remainder)).ToList(),
                };
            }
        }

        return null;
    }

    /// <summary>The cameras named exactly by a Location (<c>/app/stream</c>); app-wide Locations cannot be listed.</summary>
    public IEnumerable<CameraPath> ExactCameras => _origins.Select(o => o.ExactCamera).OfType<CameraPath>();

    /// <summary>The apps the Locations name (their first path segment), in configuration order.</summary>
    public IEnumerable<string> Apps => _origins.Select(o => o.Segments[0]);

    /// <summary>True when some Location starts with <paramref name="app"/>.</summary>
    public bool HasApp(string app) => _origins.Exists(o => string.Equals(o.Segments[0], app, StringComparison.Ordinal));
}
