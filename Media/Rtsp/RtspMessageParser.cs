using System.Buffers;
using System.Globalization;
using System.Text;

namespace SecureStream.Media.Rtsp;

/// <summary>
/// Parses one RTSP message (RFC 2326 §4) from a receive buffer: a response from a camera
/// (<see cref="TryParseResponse"/>) or a request to the demo cameras (<see cref="TryParseRequest"/>).
/// Both have the same shape, a first line, header lines, an empty line and a body of
/// <c>Content-Length</c> bytes, and are read by the same rules. Three-way like Kestrel's
/// HttpParser: true → a complete message (the reader is advanced past it); false with
/// <see cref="RtspParseError.None"/> → need more data (the reader is left where it was); false with
/// an error → the peer sent something no honest peer sends, drop the connection. Every length is
/// bounded (<see cref="RtspLimits"/>) before anything is buffered or allocated; nothing a peer sends
/// makes it throw.
/// </summary>
internal static class RtspMessageParser
{
    public static bool TryParseResponse(ref SequenceReader<byte> reader, out RtspResponse? response, out RtspParseError error)
    {
        response = null;
        var copy = reader;
        var limits = RtspLimits.Response;

        // RFC 2326 §7.1: Status-Line = RTSP-Version SP Status-Code SP Reason-Phrase CRLF
        if (!TryReadLine(ref copy, limits, out var statusLine, out error))
        {
            error = error == RtspParseError.BadHeaderLine ? RtspParseError.BadStatusLine : error;
            return false;
        }

        if (!TryParseStatusLine(statusLine, out var status, out var reason))
        {
            error = RtspParseError.BadStatusLine;
            return false;
        }

        if (!TryReadHeaders(ref copy, limits, out var headers, out var contentLength, out error))
        {
            return false;
        }

        // RFC 2326 §4.3: without Content-Length there is no body.
        if (copy.Remaining < contentLength)
        {
            return false;
        }

        var body = contentLength == 0 ? ReadOnlyMemory<byte>.Empty : copy.UnreadSequence.Slice(0, contentLength).ToArray();
        copy.Advance(contentLength);
        reader = copy;
        response = new RtspResponse(status, reason, headers, body);
        return true;
    }

    /// <summary>
    /// Reads one request (RFC 2326 §6) under the tighter <see cref="RtspLimits.Request"/>. Two rules
    /// apply to requests only: exactly one numeric <c>CSeq</c> (RFC 2326 §12.17: without it no
    /// answer can be matched), and empty lines before a request are read past (RFC 2616 §4.1, which
    /// RTSP/1.0 inherits) even when the request after them is not complete yet, so they cannot fill
    /// the buffer. The body is read past, not kept: nothing served here takes one.
    /// </summary>
    public static bool TryParseRequest(ref SequenceReader<byte> reader, out RtspRequest? request, out RtspParseError error)
    {
        request = null;
        while (reader.IsNext("\r\n"u8, advancePast: true) || reader.IsNext((byte)'\n', advancePast: true))
        {
        }

        var copy = reader;
        var limits = RtspLimits.Request;

        // RFC 2326 §6.1: Request-Line = Method SP Request-URI SP RTSP-Version CRLF
        if (!TryReadLine(ref copy, limits, out var requestLine, out error))
        {
            error = error == RtspParseError.BadHeaderLine ? RtspParseError.BadRequestLine : error;
            return false;
        }

        if (!TryParseRequestLine(requestLine, out var method, out var uri))
        {
            error = RtspParseError.BadRequestLine;
            return false;
        }

        if (!TryReadHeaders(ref copy, limits, out var headers, out var contentLength, out error))
        {
            return false;
        }

        if (!HasOneCSeq(headers, out error))
        {
            return false;
        }

        if (copy.Remaining < contentLength)
        {
            return false;
        }

        copy.Advance(contentLength);
        reader = copy;
        request = new RtspRequest(method, uri, headers);
        return true;
    }

    // Header lines up to the empty line (RFC 2326 §4.2 / RFC 2616 §4.2: field-name ":" [ field-value ]),
    // and the body length they announce. False with None: need more data.
    private static bool TryReadHeaders(ref SequenceReader<byte> reader, RtspLimits limits, out List<RtspHeader> headers, out int contentLength, out RtspParseError error)
    {
        headers = [];
        contentLength = 0;
        long? announced = null;
        while (true)
        {
            if (!TryReadLine(ref reader, limits, out var line, out error))
            {
                return false;
            }

            if (line.Length == 0)
            {
                break;
            }

            if (headers.Count >= limits.MaxHeaderLines)
            {
                error = RtspParseError.TooManyHeaderLines;
                return false;
            }

            // Folded continuation lines (leading white space) are obsolete and refused rather than guessed at.
            var colon = line.IndexOf(':');
            if (colon <= 0 || line[0] is ' ' or '\t' || !IsToken(line.AsSpan(0, colon)))
            {
                error = RtspParseError.BadHeaderLine;
                return false;
            }

            var name = line[..colon];
            var value = line[(colon + 1)..].Trim(' ', '\t');
            if (string.Equals(name, "Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                if (value.Length is 0 or > 18 || !long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var length)
                    || (announced is { } earlier && earlier != length))
                {
                    error = RtspParseError.BadContentLength;
                    return false;
                }

                if (length > limits.MaxContentLength)
                {
                    error = RtspParseError.ContentTooLarge;
                    return false;
                }

                announced = length;
            }

            headers.Add(new RtspHeader(name, value));
        }

        contentLength = (int)(announced ?? 0);
        error = RtspParseError.None;
        return true;
    }

    /// <summary>
    /// Reads one line ended by LF (a CR before it is dropped; RFC 2326 §4 asks receivers to accept a
    /// bare LF). A CR anywhere else, a NUL, or a non-ASCII byte is refused: they only serve to smuggle.
    /// </summary>
    private static bool TryReadLine(ref SequenceReader<byte> reader, RtspLimits limits, out string line, out RtspParseError error)
    {
        line = string.Empty;
        var probe = reader;
        if (!probe.TryReadTo(out ReadOnlySequence<byte> raw, (byte)'\n', advancePastDelimiter: true))
        {
            error = reader.Remaining > limits.MaxLineLength ? RtspParseError.LineTooLong : RtspParseError.None;
            if (error == RtspParseError.None && reader.UnreadSequence.PositionOf((byte)0) is not null)
            {
                error = RtspParseError.NulByte;
            }

            return false;
        }

        if (raw.Length > limits.MaxLineLength + 1)
        {
            error = RtspParseError.LineTooLong;
            return false;
        }

        Span<byte> bytes = stackalloc byte[(int)raw.Length];
        raw.CopyTo(bytes);
        if (!bytes.IsEmpty && bytes[^1] == (byte)'\r')
        {
            bytes = bytes[..^1];
        }

        foreach (var b in bytes)
        {
            if (b == 0)
            {
                error = RtspParseError.NulByte;
                return false;
            }

            if (b == (byte)'\r' || b > 0x7E || (b < 0x20 && b != (byte)'\t'))
            {
                error = RtspParseError.BadHeaderLine;
                return false;
            }
        }

        line = Encoding.ASCII.GetString(bytes);
        reader = probe;
        error = RtspParseError.None;
        return true;
    }

    private static bool TryParseStatusLine(string line, out int status, out string reason)
    {
        status = 0;
        reason = string.Empty;

        // RFC 2326 §3.1: RTSP-Version = "RTSP" "/" 1*DIGIT "." 1*DIGIT; this client speaks 1.0.
        if (!line.StartsWith("RTSP/1.0 ", StringComparison.Ordinal) || line.Length < 12)
        {
            return false;
        }

        var code = line.AsSpan(9, 3);
        if (!int.TryParse(code, NumberStyles.None, CultureInfo.InvariantCulture, out status) || status is < 100 or > 599)
        {
            return false;
        }

        if (line.Length > 12)
        {
            if (line[12] != ' ')
            {
                return false;
            }

            reason = line[13..];
        }

        return true;
    }

    // Method SP Request-URI SP RTSP-Version: a token, a URI without white space (absolute, a path or
    // "*"), and version 1.0, the only one the demo cameras speak.
    private static bool TryParseRequestLine(string line, out string method, out string uri)
    {
        method = string.Empty;
        uri = string.Empty;
        var firstSpace = line.IndexOf(' ', StringComparison.Ordinal);
        var lastSpace = line.LastIndexOf(' ');
        if (firstSpace <= 0 || lastSpace == firstSpace || !line.AsSpan(lastSpace + 1).SequenceEqual("RTSP/1.0"))
        {
            return false;
        }

        var target = line.AsSpan(firstSpace + 1, lastSpace - firstSpace - 1);
        if (!IsToken(line.AsSpan(0, firstSpace)) || target.IsEmpty || target.ContainsAny(' ', '\t'))
        {
            return false;
        }

        method = line[..firstSpace];
        uri = target.ToString();
        return true;
    }

    private static bool HasOneCSeq(List<RtspHeader> headers, out RtspParseError error)
    {
        var seen = 0;
        foreach (var header in headers)
        {
            if (string.Equals(header.Name, "CSeq", StringComparison.OrdinalIgnoreCase)
                && (++seen > 1 || RtspHeader.ReadCSeq(header.Value) is null))
            {
                error = RtspParseError.BadCSeq;
                return false;
            }
        }

        error = seen == 0 ? RtspParseError.MissingCSeq : RtspParseError.None;
        return seen == 1;
    }

    // RFC 2616 §2.2 token: any CHAR except CTLs or separators.
    private static bool IsToken(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (c <= ' ' || c >= 0x7F || "()<>@,;:\\\"/[]?={}".Contains(c, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
