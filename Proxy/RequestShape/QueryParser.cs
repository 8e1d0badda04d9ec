using System.Buffers;
using System.Text;
using System.Text.Unicode;
using SecureStream.Policy.Access;

namespace SecureStream.Proxy.RequestShape;

/// <summary>
/// The query half of the strict request-target parser. Splits on <c>&amp;</c> only, keeps every
/// pair raw (the OME signed string is computed over raw text) and decodes values for checks.
/// </summary>
/// <remarks>
/// Values decode <c>%XX</c> only: <c>+</c> stays a literal plus. OME signs the raw text and never
/// treats <c>+</c> as a space, so decoding it would make the gate see a different value from the
/// one that was signed and the one the camera receives.
/// </remarks>
internal static class QueryParser
{
    /// <summary>Longest parameter name accepted.</summary>
    public const int MaxNameLength = 64;

    // Above this, the decode buffer comes from the pool instead of the stack.
    private const int StackBufferLength = 512;

    private static readonly SearchValues<char> NameCharacters =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-");

    /// <summary>
    /// Parses <paramref name="target"/>[<paramref name="start"/>..] (the text after the one
    /// <c>?</c>). The caller has already refused control characters, non-ASCII, <c>#</c> and a
    /// second <c>?</c>.
    /// </summary>
    /// <remarks>
    /// Security invariants: no name appears twice; no name is a letter-case variant of a reserved
    /// name (<paramref name="reservedNames"/> plus <c>direction</c>), so every consumer that matches
    /// names case-insensitively (OME does for <c>signature</c>) sees the same single pair; names
    /// are never percent-encoded, so <c>%73ignature</c> cannot hide a credential.
    /// </remarks>
    public static (AccessReason Reason, string? Detail) TryParse(
        string target,
        int start,
        RequestShapeLimits limits,
        IReadOnlySet<string> reservedNames,
        out QueryPair[] pairs)
    {
        pairs = [];
        var query = target.AsSpan(start);
        if (query.IsEmpty)
        {
            return (AccessReason.MalformedTarget, "empty query after '?'");
        }

        // Count first so that hundreds of parameters cost one scan and no allocation.
        var count = query.Count('&') + 1;
        if (count > limits.MaxParameters)
        {
            return (AccessReason.TooManyParameters, "more query parameters than the limit");
        }

        var parsed = new QueryPair[count];
        var position = start;
        for (var index = 0; index < count; index++)
        {
            var length = target.AsSpan(position).IndexOf('&');
            if (length < 0)
            {
                length = target.Length - position;
            }

            var (reason, detail) = ParsePair(target, position, length, limits, out parsed[index]);
            if (reason != AccessReason.Allowed)
            {
                return (reason, detail);
            }

            (reason, detail) = CheckName(parsed, index, reservedNames);
            if (reason != AccessReason.Allowed)
            {
                return (reason, detail);
            }

            position += length + 1;
        }

        pairs = parsed;
        return (AccessReason.Allowed, null);
    }

    private static (AccessReason, string?) ParsePair(string target, int start, int length, RequestShapeLimits limits, out QueryPair pair)
    {
        pair = default;
        if (length == 0)
        {
            return (AccessReason.MalformedTarget, "empty query pair");
        }

        var text = target.AsSpan(start, length);
        var equals = text.IndexOf('=');
        var name = equals < 0 ? text : text[..equals];
        if (name.Contains('%'))
        {
            return (AccessReason.AmbiguousTarget, "percent-encoded parameter name");
        }

        if (name.IsEmpty || name.Length > MaxNameLength || name.ContainsAnyExcept(NameCharacters))
        {
            return (AccessReason.MalformedTarget, "parameter name outside [A-Za-z0-9._-]{1,64}");
        }

        var rawValue = equals < 0 ? [] : text[(equals + 1)..];
        if (rawValue.Length > limits.MaxValueLength)
        {
            return (AccessReason.TargetTooLong, "query value longer than the limit");
        }

        // A raw space never belongs in a request target; a client that sends one and a server
        // that splits the request line on it would disagree about where the target ends.
        if (rawValue.Contains(' '))
        {
            return (AccessReason.MalformedTarget, "raw space in query value");
        }

        var rawValueText = rawValue.ToString();
        string value;
        if (rawValue.Contains('%'))
        {
            var (reason, detail, decoded) = Decode(rawValue);
            if (reason != AccessReason.Allowed)
            {
                return (reason, detail);
            }

            value = decoded!;
        }
        else
        {
            value = rawValueText;
        }

        var nameText = name.ToString();
        pair = new QueryPair(nameText, rawValueText, value) { Raw = equals < 0 ? nameText : text.ToString() };
        return (AccessReason.Allowed, null);
    }

    private static (AccessReason, string?) CheckName(QueryPair[] pairs, int index, IReadOnlySet<string> reservedNames)
    {
        var name = pairs[index].RawName;
        for (var i = 0; i < index; i++)
        {
            if (string.Equals(pairs[i].RawName, name, StringComparison.Ordinal))
            {
                return (AccessReason.DuplicateParameter, "query parameter appears twice");
            }
        }

        if (IsCaseVariant(name, RequestTargetParser.DirectionParameter))
        {
            return (AccessReason.AmbiguousTarget, "letter-case variant of a reserved parameter name");
        }

        foreach (var reserved in reservedNames)
        {
            if (IsCaseVariant(name, reserved))
            {
                return (AccessReason.AmbiguousTarget, "letter-case variant of a reserved parameter name");
            }
        }

        return (AccessReason.Allowed, null);
    }

    private static bool IsCaseVariant(string name, string reserved) =>
        string.Equals(name, reserved, StringComparison.OrdinalIgnoreCase)
        && !string.Equals(name, reserved, StringComparison.Ordinal);

    // Decodes %XX (either hex case) into UTF-8 bytes and then text. Every other character is
    // already printable ASCII (checked by the caller) and is one byte, so the decoded length never
    // exceeds the raw length.
    private static (AccessReason, string?, string?) Decode(ReadOnlySpan<char> raw)
    {
        byte[]? rented = null;
        var buffer = raw.Length <= StackBufferLength
            ? stackalloc byte[StackBufferLength]
            : (rented = ArrayPool<byte>.Shared.Rent(raw.Length));
        try
        {
            var written = 0;
            for (var i = 0; i < raw.Length; i++)
            {
                var c = raw[i];
                if (c != '%')
                {
                    buffer[written++] = (byte)c;
                    continue;
                }

                if (i + 2 >= raw.Length)
                {
                    return (AccessReason.MalformedTarget, "incomplete percent-encoding in query value", null);
                }

                var high = HexValue(raw[i + 1]);
                var low = HexValue(raw[i + 2]);
                if (high < 0 || low < 0)
                {
                    return (AccessReason.MalformedTarget, "invalid percent-encoding in query value", null);
                }

                buffer[written++] = (byte)((high << 4) | low);
                i += 2;
            }

            var bytes = buffer[..written];

            // Overlong forms (%C0%AE for '.') and lone surrogates are the classic way to make two
            // decoders disagree; strict validation refuses them instead of substituting U+FFFD.
            if (!Utf8.IsValid(bytes))
            {
                return (AccessReason.AmbiguousTarget, "query value is not valid UTF-8", null);
            }

            var text = Encoding.UTF8.GetString(bytes);
            foreach (var decoded in text)
            {
                if (char.IsControl(decoded))
                {
                    return (AccessReason.ControlCharacter, "control character in decoded query value", null);
                }
            }

            return (AccessReason.Allowed, null, text);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}
