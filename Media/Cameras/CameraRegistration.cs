using SecureStream.Policy.Access;

namespace SecureStream.Media.Cameras;

/// <summary>
/// What the registry knows about one camera: its name, where to pull it (in failover order),
/// how, and where the registration came from. Security invariant: <see cref="ToString"/> and
/// every URL's <see cref="CameraUrl.ToString"/> redact credentials.
/// </summary>
/// <param name="Camera">The camera's <c>app/stream</c> name.</param>
/// <param name="Urls">One or more RTSP/RTSPS URLs; several = failover, round-robin.</param>
/// <param name="Persistent">True = kept pulled; false (the default) = pulled only while watched.</param>
/// <remarks>Part of the origin's face (docs/architecture.md, "The origin's face"): the management API shows, registers and removes cameras as registrations.</remarks>
public sealed record CameraRegistration(
    CameraPath Camera,
    IReadOnlyList<CameraUrl> Urls,
    CameraProperties Properties,
    bool Persistent,
    CameraSource Source)
{
    /// <summary>Most URLs (failover targets) per camera, main stream and substream each.</summary>
    public const int MaxUrls = 16;

    /// <summary>The virtual host it was registered under (management API); null for other sources.</summary>
    public string? VirtualHost { get; init; }

    /// <summary>When it was registered (management API); null for other sources.</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>
    /// The lower-quality stream most NVRs offer beside the main one, in failover order, with the
    /// same credential handling as <see cref="Urls"/>; empty when the camera has none (a viewer
    /// asking for <c>sub</c> then plays the main stream). docs/cameras.md "Substreams".
    /// </summary>
    public IReadOnlyList<CameraUrl> SubstreamUrls { get; init; } = [];

    /// <summary>The URLs of <paramref name="rendition"/>: the substream's when it has one, else the main ones.</summary>
    public IReadOnlyList<CameraUrl> UrlsOf(CameraRendition rendition) => ServedRendition(rendition) == CameraRendition.Sub ? SubstreamUrls : Urls;

    /// <summary>The rendition actually served for a request of <paramref name="requested"/>: main when there is no substream.</summary>
    public CameraRendition ServedRendition(CameraRendition requested) =>
        requested == CameraRendition.Sub && SubstreamUrls.Count > 0 ? CameraRendition.Sub : CameraRendition.Main;

    /// <inheritdoc />
    public override string ToString() =>
        $"{Camera} ({Source}, {Urls.Count} url(s): {string.Join(", ", Urls)}{(SubstreamUrls.Count > 0 ? $"; substream: {string.Join(", ", SubstreamUrls)}" : "")})";
}
