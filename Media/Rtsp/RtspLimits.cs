namespace SecureStream.Media.Rtsp;

/// <summary>
/// Bounds on one RTSP message (<see cref="RtspMessageParser"/>): a first or header line (CRLF
/// excluded), the header lines after the first line, and the largest <c>Content-Length</c>.
/// </summary>
internal readonly record struct RtspLimits(int MaxLineLength, int MaxHeaderLines, int MaxContentLength)
{
    /// <summary>
    /// What a camera may send. A real camera's response is a few hundred bytes with a dozen header
    /// lines and an SDP of a few KB; these limits leave generous room and no more.
    /// </summary>
    public static readonly RtspLimits Response = new(MaxLineLength: 8 * 1024, MaxHeaderLines: 64, MaxContentLength: 1024 * 1024);

    /// <summary>
    /// What a client may send to the demo cameras. Real clients (ffmpeg, GStreamer, VLC, the origin)
    /// send requests under 1 KB with no body; a server holds a buffer per client, so the bound is tight.
    /// </summary>
    public static readonly RtspLimits Request = new(MaxLineLength: 2 * 1024, MaxHeaderLines: 32, MaxContentLength: 4 * 1024);

    /// <summary>The most a receive buffer must hold for one message: every line at its longest, and the body.</summary>
    public int MaxMessageBytes => MaxContentLength + ((MaxHeaderLines + 1) * (MaxLineLength + 2)) + 4;
}
