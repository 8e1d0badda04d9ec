using System.Globalization;
using System.Text;

namespace SecureStream.Media.Rtsp;

/// <summary>
/// Serialises requests (RFC 2326 §6). Every method, URI, header name and value is checked: a CR,
/// LF or NUL anywhere (a forwarded query value, a session id chosen by the camera, a user name)
/// would start a new header line, so such a request is refused, never escaped.
/// </summary>
internal static class RtspRequestWriter
{
    public static bool TryWrite(RtspRequest request, int cseq, string? session, string userAgent, out byte[] bytes)
    {
        bytes = [];
        var text = new StringBuilder(256);
        if (!IsSafeToken(request.Method) || !IsSafeValue(request.Uri) || request.Uri.Contains(' ', StringComparison.Ordinal))
        {
            return false;
        }

        // RFC 2326 §6.1: Request-Line = Method SP Request-URI SP RTSP-Version CRLF
        text.Append(request.Method).Append(' ').Append(request.Uri).Append(" RTSP/1.0\r\n");
        text.Append("CSeq: ").Append(cseq.ToString(CultureInfo.InvariantCulture)).Append("\r\n");
        if (!Append(text, "User-Agent", userAgent) || (session is not null && !Append(text, "Session", session)))
        {
            return false;
        }

        foreach (var header in request.Headers)
        {
            if (!IsSafeToken(header.Name) || !Append(text, header.Name, header.Value))
            {
                return false;
            }
        }

        text.Append("\r\n");
        bytes = Encoding.UTF8.GetBytes(text.ToString());
        return true;
    }

    private static bool Append(StringBuilder text, string name, string value)
    {
        if (!IsSafeValue(value))
        {
            return false;
        }

        text.Append(name).Append(": ").Append(value).Append("\r\n");
        return true;
    }

    private static bool IsSafeValue(string value)
    {
        foreach (var c in value)
        {
            if (c is '\r' or '\n' or '\0' || (char.IsControl(c) && c != '\t'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsSafeToken(string value)
    {
        if (value.Length == 0)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                return false;
            }
        }

        return true;
    }
}
