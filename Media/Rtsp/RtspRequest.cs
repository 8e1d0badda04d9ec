namespace SecureStream.Media.Rtsp;

/// <summary>
/// An RTSP request (RFC 2326 §6): one the client sends a camera (CSeq, Session and User-Agent are
/// added by <see cref="RtspRequestWriter"/>), or one <see cref="RtspMessageParser.TryParseRequest"/>
/// read, whose headers are all as received (a CSeq among them, always).
/// </summary>
/// <param name="Uri">
/// The request URI. Sent: never carrying userinfo (credentials travel in Authorization only).
/// Received: absolute (<c>rtsp://host/…</c>), a path, or <c>*</c>; visible ASCII only.
/// </param>
internal sealed record RtspRequest(string Method, string Uri, IReadOnlyList<RtspHeader> Headers)
{
    /// <summary>The first header of that name (case-insensitive, RFC 2326 §4.2), or null.</summary>
    public string? GetHeader(string name) => RtspHeader.Find(Headers, name);

    /// <summary>The CSeq (RFC 2326 §12.17), or null when absent or not a number.</summary>
    public int? CSeq => RtspHeader.ReadCSeq(GetHeader("CSeq"));
}
