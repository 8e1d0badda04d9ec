using SecureStream.Media.Cameras;

namespace SecureStream.Media.Streams;

/// <summary>
/// How the hub pulls a registered camera: its URLs in failover order (credentials included: they
/// go to the RTSP client only, which never logs them) and its OME properties as stream settings.
/// </summary>
internal static class CameraPullPlan
{
    public static IReadOnlyList<Uri> UrlsOf(CameraRegistration camera) => UrlsOf(camera, forwardedQuery: null);

    /// <summary>
    /// The URLs with the first viewer's forwarded query appended when the camera's
    /// <c>ForwardQueryParams</c> is on (OME: the query reaches the camera). The front door already
    /// filtered it to the allowed names and re-encoded it to unreserved characters, <c>%XX</c>,
    /// <c>&amp;</c> and <c>=</c>, so it cannot change the URL's host, userinfo or path.
    /// </summary>
    public static IReadOnlyList<Uri> UrlsOf(CameraRegistration camera, string? forwardedQuery)
    {
        var append = camera.Properties.ForwardQueryParams && !string.IsNullOrEmpty(forwardedQuery);
        return camera.Urls.Select(url =>
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
