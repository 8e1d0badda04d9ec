namespace SecureStream.DemoCameras;

/// <summary>
/// An RTSP/1.0 request as <see cref="RtspRequestParser"/> accepted it (RFC 2326 §6). Header names
/// compare case-insensitively; values are as sent, without surrounding whitespace.
/// </summary>
internal sealed class RtspRequest
{
    public RtspRequest(string method, string target, int cseq, IReadOnlyList<KeyValuePair<string, string>> headers, int contentLength)
    {
        Method = method;
        Target = target;
        CSeq = cseq;
        Headers = headers;
        ContentLength = contentLength;
    }

    /// <summary>Case-sensitive, as RFC 2326 §6.1 says (<c>OPTIONS</c>, <c>DESCRIBE</c>…).</summary>
    public string Method { get; }

    /// <summary>The request URI: absolute (<c>rtsp://host/…</c>), a path, or <c>*</c>.</summary>
    public string Target { get; }

    public int CSeq { get; }

    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; }

    /// <summary>Body length; the body itself is read past and dropped (no method here needs it).</summary>
    public int ContentLength { get; }

    /// <summary>The first value of a header, or null.</summary>
    public string? GetHeader(string name)
    {
        foreach (var header in Headers)
        {
            if (string.Equals(header.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                return header.Value;
            }
        }

        return null;
    }
}
