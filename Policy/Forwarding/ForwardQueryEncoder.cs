using System.Text;

namespace SecureStream.Policy.Forwarding;

/// <summary>
/// Percent-encodes text for a camera URL's query.
/// </summary>
/// <remarks>
/// Security invariant: the output contains only RFC 3986 §2.3 unreserved characters
/// (<c>A–Z a–z 0–9 - . _ ~</c>) and <c>%XX</c> with uppercase hex of the UTF-8 bytes, so no value
/// can end the query, start a fragment, or reach the URL's userinfo, host or path (<c>@ : / ? # \</c>),
/// and no raw CR/LF can inject an RTSP header line.
/// </remarks>
internal static class ForwardQueryEncoder
{
    private const string Hex = "0123456789ABCDEF";

    /// <summary>Appends <paramref name="text"/> encoded; false (nothing sensible appended) on a lone surrogate.</summary>
    public static bool TryAppend(StringBuilder builder, ReadOnlySpan<char> text)
    {
        Span<byte> utf8 = stackalloc byte[4];
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (IsUnreserved(c))
            {
                builder.Append(c);
                i++;
                continue;
            }

            if (Rune.DecodeFromUtf16(text[i..], out var rune, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                return false;
            }

            var written = rune.EncodeToUtf8(utf8);
            foreach (var b in utf8[..written])
            {
                builder.Append('%').Append(Hex[b >> 4]).Append(Hex[b & 0xF]);
            }

            i += consumed;
        }

        return true;
    }

    private static bool IsUnreserved(char c) =>
        c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '-' or '.' or '_' or '~';
}
