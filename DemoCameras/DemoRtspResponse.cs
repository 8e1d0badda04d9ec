using System.Globalization;
using System.Text;

namespace SecureStream.DemoCameras;

/// <summary>An RTSP/1.0 response (RFC 2326 §7) built by the demo server; header values are the server's own or already validated by the parser.</summary>
internal sealed class DemoRtspResponse
{
    private readonly List<KeyValuePair<string, string>> _headers = [];
    private string _body = string.Empty;

    public DemoRtspResponse(int status) => Status = status;

    public int Status { get; }

    public DemoRtspResponse Header(string name, string value)
    {
        _headers.Add(new(name, value));
        return this;
    }

    public DemoRtspResponse Body(string contentType, string body)
    {
        _body = body;
        return Header("Content-Type", contentType);
    }

    /// <summary>The response bytes; <paramref name="cseq"/> is null only when the request could not be read.</summary>
    public byte[] Encode(int? cseq)
    {
        var text = new StringBuilder(256);
        text.Append(CultureInfo.InvariantCulture, $"RTSP/1.0 {Status} {ReasonPhrase(Status)}\r\n");
        if (cseq is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"CSeq: {cseq}\r\n");
        }

        text.Append("Server: SecureStream demo camera\r\n");
        foreach (var header in _headers)
        {
            text.Append(header.Key).Append(": ").Append(header.Value).Append("\r\n");
        }

        if (_body.Length > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"Content-Length: {Encoding.ASCII.GetByteCount(_body)}\r\n");
        }

        text.Append("\r\n").Append(_body);
        return Encoding.ASCII.GetBytes(text.ToString());
    }

    // RFC 2326 §7.1.1.
    private static string ReasonPhrase(int status) => status switch
    {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        454 => "Session Not Found",
        455 => "Method Not Valid in This State",
        459 => "Aggregate Operation Not Allowed",
        461 => "Unsupported Transport",
        501 => "Not Implemented",
        503 => "Service Unavailable",
        _ => "Status",
    };
}
