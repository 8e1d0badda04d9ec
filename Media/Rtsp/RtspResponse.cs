namespace SecureStream.Media.Rtsp;

/// <summary>A camera's response (RFC 2326 §7), copied out of the receive buffer so it can outlive it.</summary>
internal sealed class RtspResponse(int statusCode, string reasonPhrase, IReadOnlyList<RtspHeader> headers, ReadOnlyMemory<byte> body)
{
    public int StatusCode { get; } = statusCode;

    public string ReasonPhrase { get; } = reasonPhrase;

    public IReadOnlyList<RtspHeader> Headers { get; } = headers;

    public ReadOnlyMemory<byte> Body { get; } = body;

    /// <summary>The first header of that name (case-insensitive, RFC 2326 §4.2), or null.</summary>
    public string? GetHeader(string name) => RtspHeader.Find(Headers, name);

    /// <summary>Every header of that name, in order (several <c>WWW-Authenticate</c> lines, say).</summary>
    public IEnumerable<string> GetHeaders(string name)
    {
        foreach (var header in Headers)
        {
            if (string.Equals(header.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                yield return header.Value;
            }
        }
    }

    /// <summary>The CSeq (RFC 2326 §12.17), or null when absent or not a number.</summary>
    public int? CSeq => RtspHeader.ReadCSeq(GetHeader("CSeq"));
}
