using System.Buffers;
using System.Buffers.Text;

namespace SecureStream.Policy.Tokens;

/// <summary>
/// The three parts of a compact JWS (RFC 7515 §7.1), located without allocating and checked to be
/// strict, canonical base64url before anything decodes them.
/// </summary>
/// <remarks>
/// Security invariant: every segment is unpadded base64url over <c>A–Z a–z 0–9 - _</c> whose unused
/// trailing bits are zero. A lenient decoder maps several texts to the same bytes (padding, white
/// space, non-zero spare bits), so without this a token could be altered in its last signature
/// character and still verify; with it, one token text has one meaning.
/// </remarks>
internal readonly record struct TokenSegments(Range Header, Range Payload, Range Signature)
{
    private static readonly SearchValues<char> Base64UrlCharacters =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");

    /// <summary>
    /// Splits <c>header.payload.signature</c>. Header and payload must be non-empty; the signature may
    /// be empty here only so that an unsigned (<c>alg: none</c>) token is reported as such by the caller.
    /// </summary>
    public static bool TrySplit(string token, out TokenSegments segments)
    {
        segments = default;
        var span = token.AsSpan();
        var first = span.IndexOf('.');
        if (first <= 0)
        {
            return false;
        }

        var rest = span[(first + 1)..];
        var second = rest.IndexOf('.');
        if (second <= 0)
        {
            return false;
        }

        var signatureStart = first + 1 + second + 1;
        var header = new Range(0, first);
        var payload = new Range(first + 1, first + 1 + second);
        var signature = new Range(signatureStart, span.Length);
        if (!IsCanonical(span[header]) || !IsCanonical(span[payload])
            || (span[signature].Length > 0 && !IsCanonical(span[signature])))
        {
            return false;
        }

        segments = new TokenSegments(header, payload, signature);
        return true;
    }

    /// <summary>Decodes a segment that <see cref="TrySplit"/> accepted.</summary>
    public static byte[] Decode(ReadOnlySpan<char> segment) => Base64Url.DecodeFromChars(segment);

    private static bool IsCanonical(ReadOnlySpan<char> segment)
    {
        // A fourth dot, padding, white space or any other character lands here too.
        if (segment.IsEmpty || segment.IndexOfAnyExcept(Base64UrlCharacters) >= 0)
        {
            return false;
        }

        var spareBitsMask = (segment.Length % 4) switch
        {
            0 => 0,
            2 => 0x0F, // last character carries 2 data bits
            3 => 0x03, // last character carries 4 data bits
            _ => -1,   // one character cannot encode a byte
        };
        return spareBitsMask >= 0 && (ValueOf(segment[^1]) & spareBitsMask) == 0;
    }

    private static int ValueOf(char c) => c switch
    {
        >= 'A' and <= 'Z' => c - 'A',
        >= 'a' and <= 'z' => c - 'a' + 26,
        >= '0' and <= '9' => c - '0' + 52,
        '-' => 62,
        _ => 63,
    };
}
