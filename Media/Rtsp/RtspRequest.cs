namespace SecureStream.Media.Rtsp;

/// <summary>A request to a camera. CSeq, Session and User-Agent are added by the writer.</summary>
/// <param name="Uri">The request URI, never carrying userinfo (credentials travel in Authorization only).</param>
internal sealed record RtspRequest(string Method, string Uri, IReadOnlyList<RtspHeader> Headers);
