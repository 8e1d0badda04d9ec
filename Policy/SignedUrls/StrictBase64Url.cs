using System.Buffers;
using System.Buffers.Text;

namespace SecureStream.Policy.SignedUrls;

/// <summary>
/// Base64url exactly as RFC 4648 §5 with padding omitted, and nothing else: no <c>+</c> <c>/</c>,
/// no <c>=</c>, no white space, and the unused low bits of the last character must be zero.
/// </summary>
/// <remarks>
/// Security invariant: one byte string has exactly one accepted encoding. The library decoder is
/// lenient (it skips white space and accepts padding), so the alphabet, length and trailing bits
/// are checked here first; a link cannot be re-spelt into a different-looking valid link.
/// </remarks>
internal static class StrictBase64Url
{
    private static readonly SearchValues<char> Alphabet =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");

    /// <summary>Number of bytes <paramref name="length"/> canonical characters decode to, or -1 when no canonical text has that length.</summary>
    public static int DecodedLength(int length) => (length % 4) switch
    {
        0 => length / 4 * 3,
        2 => (length / 4 * 3) + 1,
        3 => (length / 4 * 3) + 2,
        _ => -1,
    };

    /// <summary>Characters needed to encode <paramref name="bytes"/> bytes without padding.</summary>
    public static int EncodedLength(int bytes) => Base64Url.GetEncodedLength(bytes);

    /// <summary>
    /// Decodes canonical unpadded base64url into <paramref name="destination"/>, which must hold
    /// <see cref="DecodedLength"/> bytes. False, never an exception, for anything else.
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<char> text, Span<byte> destination, out int written)
    {
        written = 0;
        var length = DecodedLength(text.Length);
        if (length < 0 || destination.Length < length || text.IndexOfAnyExcept(Alphabet) >= 0)
        {
            return false;
        }

        if (text.Length > 0)
        {
            // The last character carries 2 (len % 4 == 3) or 4 (len % 4 == 2) unused bits.
            var last = Value(text[^1]);
            var unusedMask = (text.Length % 4) switch { 2 => 0x0F, 3 => 0x03, _ => 0 };
            if ((last & unusedMask) != 0)
            {
                return false;
            }
        }

        return Base64Url.TryDecodeFromChars(text, destination, out written) && written == length;
    }

    /// <summary>Encodes without padding.</summary>
    public static string Encode(ReadOnlySpan<byte> bytes) => Base64Url.EncodeToString(bytes);

    private static int Value(char c) => c switch
    {
        >= 'A' and <= 'Z' => c - 'A',
        >= 'a' and <= 'z' => c - 'a' + 26,
        >= '0' and <= '9' => c - '0' + 52,
        '-' => 62,
        _ => 63,
    };
}
