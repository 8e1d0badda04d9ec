using System.Buffers;
using System.Globalization;
using System.Text;

namespace SecureStream.Media.Rtsp;

/// <summary>
/// Parses one RTSP response (RFC 2326 §7) from a receive buffer, three-way like Kestrel's
/// HttpParser: true → a complete response (the reader is advanced past it); false with
/// <see cref="RtspParseError.None"/> → need more data (the reader is left where it was);
/// false with an error → the camera sent something no honest camera sends, drop the connection.
/// Every length is bounded (<see cref="RtspLimits"/>) before anything is buffered or allocated.
/// </summary>
internal static class RtspResponseParser
{
    public static bool TryParse(ref SequenceReader<byte> reader, out RtspResponse? response, out RtspParseError error)
    {
        response = null;
        var copy = reader;

        // RFC 2326 §7.1: Status-Line = RTSP-Version SP Status-Code SP Reason-Phrase CRLF
        if (!TryReadLine(ref copy, out var statusLine, out error))
        {
            error = error == RtspParseError.BadHeaderLine ? RtspParseError.BadStatusLine : error;
            return false;
        }

        if (!TryParseStatusLine(statusLine, out var status, out var reason))
        {
            error = RtspParseError.BadStatusLine;
            return false;
        }

        var headers = new List<RtspHeader>();
        long? contentLength = null;
        while (true)
        {
            if (!TryReadLine(ref copy, out var line, out error))
            {
                return false;
            }

            if (line.Length == 0)
            {
                break;
            }

            if (headers.Count >= RtspLimits.MaxHeaderLines)
            {
                error = RtspParseError.TooManyHeaderLines;
                return false;
            }

            // RFC 2326 §4.2 / RFC 2616 §4.2: field-name ":" [ field-value ]. Folded continuation lines
            // (leading white space) are obsolete and refused rather than guessed at.
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
                    || (contentLength is { } earlier && earlier != length))
                {
                    error = RtspParseError.BadContentLength;
                    return false;
                }

                if (length > RtspLimits.MaxContentLength)
                {
                    error = RtspParseError.ContentTooLarge;
                    return false;
                }

                contentLength = length;
            }

            headers.Add(new RtspHeader(name, value));
        }

        // RFC 2326 §4.3: without Content-Length there is no body.
        var bodyLength = (int)(contentLength ?? 0);
        if (copy.Remaining < bodyLength)
        {
            error = RtspParseError.None;
            return false;
        }

        var body = bodyLength == 0 ? ReadOnlyMemory<byte>.Empty : copy.UnreadSequence.Slice(0, bodyLength).ToArray();
        copy.Advance(bodyLength);
        reader = copy;
        response = new RtspResponse(status, reason, headers, body);
        error = RtspParseError.None;
        return true;
    }

    /// <summary>
    /// Reads one line ended by LF (a CR before it is dropped; RFC 2326 §4 asks receivers to accept a
    /// bare LF). A CR anywhere else, a NUL, or a non-ASCII byte is refused: they only serve to smuggle.
    /// </summary>
    private static bool TryReadLine(ref SequenceReader<byte> reader, out string line, out RtspParseError error)
    {
        line = string.Empty;
        var probe = reader;
        if (!probe.TryReadTo(out ReadOnlySequence<byte> raw, (byte)'\n', advancePastDelimiter: true))
        {
            error = reader.Remaining > RtspLimits.MaxLineLength ? RtspParseError.LineTooLong : RtspParseError.None;
            if (error == RtspParseError.None && reader.UnreadSequence.PositionOf((byte)0) is not null)
            {
                error = RtspParseError.NulByte;
            }

            return false;
        }

        if (raw.Length > RtspLimits.MaxLineLength + 1)
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

    // RFC 2616 §2.2 token: any CHAR except CTLs or separators.
    private static bool IsToken(ReadOnlySpan<char> text)
    {
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
