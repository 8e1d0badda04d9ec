using System.Buffers;
using System.Text;

namespace SecureStream.DemoCameras;

/// <summary>
/// A strict, bounded RTSP/1.0 request parser (RFC 2326 §6, with RFC 7230's token and field
/// rules). Never throws on client bytes and never buffers more than <see cref="MaxHeadBytes"/> of
/// a request head or <see cref="MaxBodyBytes"/> of a body; anything else is
/// <see cref="RtspParseStatus.Invalid"/> with a short reason code.
/// </summary>
internal static class RtspRequestParser
{
    /// <summary>Request line and headers, CRLFs included. Real clients send under 1 KB.</summary>
    public const int MaxHeadBytes = 4096;

    public const int MaxBodyBytes = 4096;

    public const int MaxHeaders = 32;

    public const int MaxMethodLength = 32;

    public const int MaxTargetLength = 1024;

    public const int MaxHeaderNameLength = 64;

    private static ReadOnlySpan<byte> HeadEnd => "\r\n\r\n"u8;

    private static ReadOnlySpan<byte> Version => "RTSP/1.0"u8;

    /// <summary>
    /// Reads one message from <paramref name="reader"/>. On <see cref="RtspParseStatus.Complete"/>
    /// the reader has advanced past it; otherwise the reader is unchanged.
    /// </summary>
    public static RtspParseStatus TryParse(ref SequenceReader<byte> reader, out RtspInboundMessage message, out string? invalidReason)
    {
        message = default;
        invalidReason = null;
        var probe = reader;

        // RFC 2616 §4.1 (which RTSP/1.0 inherits): ignore empty lines before a request.
        while (probe.IsNext("\r\n"u8, advancePast: true))
        {
        }

        if (!probe.TryPeek(out var first))
        {
            if (probe.Consumed != reader.Consumed)
            {
                reader = probe;
            }

            return RtspParseStatus.NeedMoreData;
        }

        if (first == (byte)'$')
        {
            return TryParseInterleaved(ref reader, probe, out message);
        }

        if (!probe.TryReadTo(out ReadOnlySequence<byte> headSequence, HeadEnd, advancePastDelimiter: true))
        {
            if (probe.Remaining > MaxHeadBytes)
            {
                invalidReason = "head_too_large";
                return RtspParseStatus.Invalid;
            }

            return RtspParseStatus.NeedMoreData;
        }

        if (headSequence.Length + HeadEnd.Length > MaxHeadBytes)
        {
            invalidReason = "head_too_large";
            return RtspParseStatus.Invalid;
        }

        Span<byte> head = stackalloc byte[MaxHeadBytes];
        head = head[..(int)headSequence.Length];
        headSequence.CopyTo(head);
        if (!TryParseHead(head, out var request, out invalidReason))
        {
            return RtspParseStatus.Invalid;
        }

        if (probe.Remaining < request.ContentLength)
        {
            return RtspParseStatus.NeedMoreData;
        }

        probe.Advance(request.ContentLength);
        reader = probe;
        message = new RtspInboundMessage(request, -1, 0);
        return RtspParseStatus.Complete;
    }

    private static RtspParseStatus TryParseInterleaved(ref SequenceReader<byte> reader, SequenceReader<byte> probe, out RtspInboundMessage message)
    {
        message = default;
        Span<byte> header = stackalloc byte[4];
        if (!probe.TryCopyTo(header))
        {
            return RtspParseStatus.NeedMoreData;
        }

        var length = (header[2] << 8) | header[3];
        if (probe.Remaining < 4 + length)
        {
            return RtspParseStatus.NeedMoreData;
        }

        probe.Advance(4 + length);
        reader = probe;
        message = new RtspInboundMessage(null, header[1], length);
        return RtspParseStatus.Complete;
    }

    private static bool TryParseHead(ReadOnlySpan<byte> head, out RtspRequest request, out string? invalidReason)
    {
        request = null!;
        var lineEnd = head.IndexOf("\r\n"u8);
        var requestLine = lineEnd < 0 ? head : head[..lineEnd];
        var rest = lineEnd < 0 ? [] : head[(lineEnd + 2)..];

        // Request-Line = Method SP Request-URI SP RTSP-Version (RFC 2326 §6.1).
        var firstSpace = requestLine.IndexOf((byte)' ');
        var lastSpace = requestLine.LastIndexOf((byte)' ');
        if (firstSpace <= 0 || lastSpace == firstSpace)
        {
            invalidReason = "bad_request_line";
            return false;
        }

        var method = requestLine[..firstSpace];
        var target = requestLine[(firstSpace + 1)..lastSpace];
        var version = requestLine[(lastSpace + 1)..];
        if (method.Length > MaxMethodLength || !IsToken(method))
        {
            invalidReason = "bad_method";
            return false;
        }

        if (target.Length is 0 or > MaxTargetLength || target.IndexOfAnyExceptInRange((byte)0x21, (byte)0x7E) >= 0)
        {
            invalidReason = "bad_target";
            return false;
        }

        if (!version.SequenceEqual(Version))
        {
            invalidReason = "bad_version";
            return false;
        }

        var headers = new List<KeyValuePair<string, string>>();
        int? cseq = null;
        int? contentLength = null;
        while (!rest.IsEmpty)
        {
            lineEnd = rest.IndexOf("\r\n"u8);
            var line = lineEnd < 0 ? rest : rest[..lineEnd];
            rest = lineEnd < 0 ? [] : rest[(lineEnd + 2)..];
            if (headers.Count == MaxHeaders)
            {
                invalidReason = "too_many_headers";
                return false;
            }

            // No obs-fold continuation lines (RFC 7230 §3.2.4), no bare CR or LF anywhere.
            var colon = line.IndexOf((byte)':');
            if (colon <= 0 || colon > MaxHeaderNameLength || !IsToken(line[..colon]))
            {
                invalidReason = "bad_header";
                return false;
            }

            var value = line[(colon + 1)..].Trim(" \t"u8);
            if (!IsFieldValue(value))
            {
                invalidReason = "bad_header";
                return false;
            }

            var name = Encoding.ASCII.GetString(line[..colon]);
            if (string.Equals(name, "CSeq", StringComparison.OrdinalIgnoreCase))
            {
                if (cseq is not null || !TryParseNumber(value, 9, out var n))
                {
                    invalidReason = "bad_cseq";
                    return false;
                }

                cseq = n;
            }
            else if (string.Equals(name, "Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                if (contentLength is not null || !TryParseNumber(value, 9, out var n) || n > MaxBodyBytes)
                {
                    invalidReason = "bad_content_length";
                    return false;
                }

                contentLength = n;
            }

            headers.Add(new(name, Encoding.Latin1.GetString(value)));
        }

        if (cseq is null)
        {
            // RFC 2326 §12.17: every request carries CSeq; without it no response can be matched.
            invalidReason = "missing_cseq";
            return false;
        }

        request = new RtspRequest(Encoding.ASCII.GetString(method), Encoding.ASCII.GetString(target), cseq.Value, headers, contentLength ?? 0);
        invalidReason = null;
        return true;
    }

    // token = 1*tchar (RFC 7230 §3.2.6).
    private static bool IsToken(ReadOnlySpan<byte> text)
    {
        if (text.IsEmpty)
        {
            return false;
        }

        foreach (var b in text)
        {
            var ok = b is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'0' and <= (byte)'9')
                || "!#$%&'*+-.^_`|~"u8.Contains(b);
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    // field-value: visible ASCII, space, tab and obs-text (0x80–0xFF); never CR, LF, NUL or other controls.
    private static bool IsFieldValue(ReadOnlySpan<byte> value)
    {
        foreach (var b in value)
        {
            if (b != (byte)'\t' && (b < 0x20 || b == 0x7F))
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryParseNumber(ReadOnlySpan<byte> digits, int maxDigits, out int value)
    {
        value = 0;
        if (digits.IsEmpty || digits.Length > maxDigits)
        {
            return false;
        }

        foreach (var b in digits)
        {
            if (b is < (byte)'0' or > (byte)'9')
            {
                return false;
            }

            value = (value * 10) + (b - '0');
        }

        return true;
    }
}
