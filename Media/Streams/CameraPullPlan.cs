using SecureStream.Media.Cameras;
using SecureStream.Policy.Access;
using SecureStream.Policy.Forwarding;

namespace SecureStream.Media.Streams;

/// <summary>
/// How the hub pulls a registered camera: its URLs in failover order (credentials included: they
/// go to the RTSP client only, which never logs them) and its OME properties as stream settings.
/// </summary>
/// <remarks>
/// Security invariant: a pull's identity is the camera and its forwarded query together
/// (<see cref="VariantOf"/>): viewers who asked for the same parameters share one pull, a viewer
/// with other parameters gets its own, so one viewer's parameters never become another viewer's
/// stream (docs/cameras.md "Forwarded parameters and pulls").
/// </remarks>
internal static class CameraPullPlan
{
    public static IReadOnlyList<Uri> UrlsOf(CameraRegistration camera) => UrlsOf(camera, forwardedQuery: null);

    /// <summary>
    /// The pull variant a viewer's forwarded query selects: the query itself when the camera's
    /// <c>ForwardQueryParams</c> is on, else <c>""</c> (every viewer shares the plain pull). The
    /// front door already put the query in canonical form (names sorted, values re-encoded), so
    /// equal requests give equal variants.
    /// </summary>
    public static string VariantOf(CameraRegistration camera, string? forwardedQuery)
    {
        ArgumentNullException.ThrowIfNull(camera);
        return camera.Properties.ForwardQueryParams ? forwardedQuery ?? string.Empty : string.Empty;
    }

    /// <summary>
    /// True when the variant names a parameter the camera's own URLs already have (compared
    /// case-insensitively). The front door refuses these before the webhook; this is the origin's
    /// own check, before any camera is contacted, for front doors that do not know the URLs.
    /// </summary>
    public static bool Conflicts(CameraRegistration camera, string variant, CameraRendition rendition = CameraRendition.Main)
    {
        ArgumentNullException.ThrowIfNull(camera);
        return variant.Length > 0 && ForwardQueryNames.Conflicts(variant, ForwardQueryNames.Of(camera.UrlsOf(rendition).Select(u => u.ToUnredactedString())));
    }

    /// <summary>
    /// The URLs with the viewer's forwarded query appended when the camera's
    /// <c>ForwardQueryParams</c> is on (OME: the query reaches the camera). The front door already
    /// filtered it to the allowed names and re-encoded it to unreserved characters, <c>%XX</c>,
    /// <c>&amp;</c> and <c>=</c>, so it cannot change the URL's host, userinfo or path; names the
    /// URL already has never get here (<see cref="Conflicts"/>).
    /// </summary>
    /// <remarks>
    /// <paramref name="rendition"/> picks the camera's <c>substreamUrls</c> for <c>sub</c> when it
    /// has any, else its <c>urls</c> (<see cref="CameraRegistration.UrlsOf"/>): the rendition only
    /// ever selects among the registry's URLs of this camera.
    /// </remarks>
    public static IReadOnlyList<Uri> UrlsOf(CameraRegistration camera, string? forwardedQuery, CameraRendition rendition = CameraRendition.Main)
    {
        ArgumentNullException.ThrowIfNull(camera);
        var append = camera.Properties.ForwardQueryParams && !string.IsNullOrEmpty(forwardedQuery);
        return camera.UrlsOf(rendition).Select(url =>
        {
            var text = url.ToUnredactedString();
            if (append)
            {
                text += (text.Contains('?', StringComparison.Ordinal) ? "&" : "?") + forwardedQuery;
            }

            return new Uri(text);
        }).ToList();
    }

    public static StreamSettings SettingsOf(CameraRegistration camera) => StreamSettings.Default with
    {
        NoInputFailoverTimeout = TimeSpan.FromMilliseconds(camera.Properties.NoInputFailoverTimeoutMs),
        UnusedStreamDeletionTimeout = TimeSpan.FromMilliseconds(camera.Properties.UnusedStreamDeletionTimeoutMs),
    };
}
