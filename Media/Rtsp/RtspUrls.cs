namespace SecureStream.Media.Rtsp;

/// <summary>
/// URL rules for a camera. Every URL the camera names (Content-Base, a=control, a redirect's
/// Location) must stay on the camera's own host: otherwise a camera, or whoever controls it, could
/// steer the gateway at any address inside the network (SSRF).
/// </summary>
internal static class RtspUrls
{
    /// <summary>The URL as sent on the wire: userinfo removed (credentials go in Authorization only).</summary>
    public static Uri WithoutUserInfo(Uri url)
    {
        if (string.IsNullOrEmpty(url.UserInfo))
        {
            return url;
        }

        var builder = new UriBuilder(url) { UserName = string.Empty, Password = string.Empty };
        return builder.Uri;
    }

    public static bool IsRtsp(Uri url) => url.IsAbsoluteUri && url.Scheme is "rtsp" or "rtsps";

    /// <summary>Same host as the camera, and no downgrade from rtsps to rtsp. Ports may differ.</summary>
    public static bool IsSameCamera(Uri camera, Uri candidate) =>
        IsRtsp(candidate)
        && string.Equals(camera.IdnHost, candidate.IdnHost, StringComparison.OrdinalIgnoreCase)
        && (camera.Scheme == "rtsp" || candidate.Scheme == "rtsps")
        && string.IsNullOrEmpty(candidate.UserInfo);

    /// <summary>
    /// Resolves a URL the camera named against a base (RFC 2326 §C.1.1). Relative controls are
    /// appended to the base as a path segment, which is what cameras mean by <c>trackID=1</c>
    /// (RFC 3986 resolution would replace the base's last segment). Null when it is not a usable URL.
    /// </summary>
    public static Uri? Resolve(Uri baseUrl, string? reference)
    {
        if (string.IsNullOrEmpty(reference) || reference == "*")
        {
            return baseUrl;
        }

        if (reference.Contains("://", StringComparison.Ordinal))
        {
            return Uri.TryCreate(reference, UriKind.Absolute, out var absolute) ? absolute : null;
        }

        // Query strings stay in place: "rtsp://cam/live?channel=1/" + "trackID=0" is what such cameras expect.
        var text = baseUrl.GetComponents(UriComponents.AbsoluteUri & ~UriComponents.Fragment, UriFormat.UriEscaped);
        var joined = reference.StartsWith('/')
            ? baseUrl.GetLeftPart(UriPartial.Authority) + reference
            : text.EndsWith('/') ? text + reference : text + "/" + reference;
        return Uri.TryCreate(joined, UriKind.Absolute, out var resolved) ? resolved : null;
    }
}
