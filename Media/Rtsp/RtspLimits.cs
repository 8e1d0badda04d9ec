namespace SecureStream.Media.Rtsp;

/// <summary>
/// Bounds on what a camera may send. A real camera's response is a few hundred bytes with a dozen
/// header lines and an SDP of a few KB; these limits leave generous room and no more.
/// </summary>
internal static class RtspLimits
{
    /// <summary>One status or header line, CRLF excluded.</summary>
    public const int MaxLineLength = 8 * 1024;

    /// <summary>Header lines after the status line.</summary>
    public const int MaxHeaderLines = 64;

    /// <summary>The largest <c>Content-Length</c> accepted.</summary>
    public const int MaxContentLength = 1024 * 1024;
}
