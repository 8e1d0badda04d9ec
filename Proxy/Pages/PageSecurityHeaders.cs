namespace SecureStream.Proxy.Pages;

/// <summary>
/// Headers on every page response. The player page's URL carries the viewer's credential in its
/// query or fragment, so the pages must neither run script that is not ours (a strict CSP, no
/// inline script) nor leak their URL to anyone else (no referrer), nor be framed by another site.
/// </summary>
internal static class PageSecurityHeaders
{
    /// <summary>
    /// Scripts, styles and fetches from this origin only; no inline script or style, no plugins,
    /// no base-URI tricks, no framing. WebRTC media is not fetched, so no media source is needed
    /// beyond the MediaStream the script attaches; images are this origin's or blobs the page's own
    /// script made (the wall's snapshot posters, fetched with their signed links).
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob:; media-src 'self' blob:; "
        + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public static void Apply(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var headers = response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.XFrameOptions = "DENY";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
    }
}
