using System.Buffers;
using System.Globalization;
using System.Text;

namespace SecureStream.Policy.Audit;

/// <summary>
/// Value hygiene for audit strings. Two steps with different purposes:
/// <see cref="Bound"/> makes a value safe to hand to the JSON encoder (bounded, well-formed
/// UTF-16); <see cref="ForDisplay"/> additionally makes it safe for sinks that print text
/// verbatim, such as a console, by spelling out every control and format character.
/// </summary>
internal static class AuditText
{
    /// <summary>Appended when a value was cut, so a reader can tell it is incomplete.</summary>
    public const char TruncationMark = '\u2026';

    // Printable ASCII that the JSON encoder writes as itself (one byte each): the characters
    // EscapedLength counts as 1. Almost every audit value (ids, addresses, camera names, trace
    // ids, ordinary user agents) is made of these only, which one vectorised search confirms.
    private static readonly SearchValues<char> PlainJson = SearchValues.Create(PlainJsonCharacters());

    /// <summary>
    /// Cuts <paramref name="value"/> to at most <paramref name="maxLength"/> characters (the last
    /// one being <see cref="TruncationMark"/> when cut) without splitting a surrogate pair, and
    /// replaces lone surrogates with U+FFFD so the UTF-8 encoder never sees invalid text.
    /// Returns the same instance when nothing had to change.
    /// </summary>
    public static string Bound(string value, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 2);
        var text = value.AsSpan();
        var cut = false;
        if (text.Length > maxLength)
        {
            var keep = maxLength - 1;
            if (char.IsHighSurrogate(text[keep - 1]))
            {
                keep--;
            }

            text = text[..keep];
            cut = true;
        }

        if (!cut && IsWellFormed(text))
        {
            return value;
        }

        var builder = new StringBuilder(text.Length + 1);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(c).Append(text[i + 1]);
                i++;
            }
            else
            {
                builder.Append(char.IsSurrogate(c) ? '\uFFFD' : c);
            }
        }

        if (cut)
        {
            builder.Append(TruncationMark);
        }

        return builder.ToString();
    }

    /// <summary>
    /// Like <see cref="Bound"/>, but the bound is the value's length after JSON escaping, in bytes:
    /// the encoder writes a quote, an HTML-sensitive character, a control character or any
    /// non-ASCII character as six bytes (<c>\uXXXX</c>), so a bound in characters would let an
    /// escape-heavy value grow six times. Every character outside printable ASCII, and every
    /// printable one the encoder escapes, is counted as six bytes (an upper bound: a few escape
    /// in two); the truncation mark counts six too. Returns the same instance when nothing had to
    /// change.
    /// </summary>
    public static string BoundEscaped(string value, int maxEscapedBytes)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEscapedBytes, EscapedCharacterBytes * 2);
        if (value.Length <= maxEscapedBytes && !value.AsSpan().ContainsAnyExcept(PlainJson))
        {
            // One byte per character, no surrogates: within the bound and well formed as it is.
            return value;
        }

        var total = 0;
        var fits = value.Length;
        var budget = maxEscapedBytes - EscapedCharacterBytes;
        for (var i = 0; i < value.Length; i++)
        {
            total += EscapedLength(value[i]);
            if (total > budget && fits == value.Length)
            {
                fits = i;
            }

            if (total > maxEscapedBytes)
            {
                // Cut before the character that crossed the budget left for the mark; Bound
                // keeps surrogate pairs whole and adds the mark.
                return Bound(value, Math.Max(2, fits + 1));
            }
        }

        return Bound(value, Math.Max(2, value.Length));
    }

    /// <summary>The most bytes one escaped character takes in a journal line (<c>\uXXXX</c>).</summary>
    public const int EscapedCharacterBytes = 6;

    private static string PlainJsonCharacters()
    {
        var plain = new StringBuilder();
        for (var c = ' '; c <= '~'; c++)
        {
            if (EscapedLength(c) == 1)
            {
                plain.Append(c);
            }
        }

        return plain.ToString();
    }

    private static int EscapedLength(char c) =>
        c is >= ' ' and <= '~' and not ('"' or '\\' or '&' or '\'' or '+' or '<' or '>' or '`') ? 1 : EscapedCharacterBytes;

    /// <summary>
    /// Rewrites control characters (CR, LF, ESC, NUL…), Unicode format characters (bidi
    /// overrides, zero-width joiners) and line/paragraph separators as the literal text
    /// <c>\uXXXX</c>. Used for the Serilog copy, whose console sink prints values as they are:
    /// a value can then neither start a forged log line nor recolour a terminal.
    /// </summary>
    public static string ForDisplay(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var first = IndexOfUnsafe(value);
        if (first < 0)
        {
            return value;
        }

        var builder = new StringBuilder(value.Length + 16);
        builder.Append(value, 0, first);
        for (var i = first; i < value.Length; i++)
        {
            var c = value[i];
            if (IsUnsafeForDisplay(c))
            {
                builder.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static bool IsWellFormed(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (!char.IsSurrogate(c))
            {
                continue;
            }

            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }

            return false;
        }

        return true;
    }

    private static int IndexOfUnsafe(string value)
    {
        // Printable ASCII is never a control or format character: only the rest is looked at one by one.
        var first = value.AsSpan().IndexOfAnyExceptInRange(' ', '~');
        if (first < 0)
        {
            return -1;
        }

        for (var i = first; i < value.Length; i++)
        {
            if (IsUnsafeForDisplay(value[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool IsUnsafeForDisplay(char c) =>
        char.GetUnicodeCategory(c) is UnicodeCategory.Control or UnicodeCategory.Format
            or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;
}
