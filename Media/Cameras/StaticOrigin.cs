using SecureStream.Policy.Access;

namespace SecureStream.Media.Cameras;

/// <summary>One validated origin of the static map: its Location's segments, full URLs and properties.</summary>
internal sealed record StaticOrigin(IReadOnlyList<string> Segments, IReadOnlyList<CameraUrl> Urls, CameraProperties Properties)
{
    /// <summary>The substream's full URLs (<c>SubstreamUrls</c>); empty when the origin names none.</summary>
    public IReadOnlyList<CameraUrl> SubstreamUrls { get; init; } = [];

    /// <summary>
    /// True when the Location's segments equal the camera's leading segments (whole segments,
    /// ordinal); <paramref name="remainder"/> is the rest of the camera path (<c>/cam1</c> or empty).
    /// </summary>
    public bool TryMatch(CameraPath camera, out string remainder)
    {
        remainder = string.Empty;
        if (!string.Equals(Segments[0], camera.App, StringComparison.Ordinal))
        {
            return false;
        }

        if (Segments.Count == 1)
        {
            remainder = "/" + camera.Stream;
            return true;
        }

        return string.Equals(Segments[1], camera.Stream, StringComparison.Ordinal);
    }

    /// <summary>The camera this origin names exactly, when its Location is <c>/app/stream</c>.</summary>
    public CameraPath? ExactCamera => Segments.Count == 2 ? new CameraPath(Segments[0], Segments[1]) : null;
}
