using System.Text.Json;

namespace SecureStream.Policy.Tokens;

/// <summary>
/// The JOSE header fields the gate decides on, read by our own strict parser before the JWT library
/// sees the token, so that key selection is ours and never the token's.
/// </summary>
/// <remarks>
/// Security invariant: a header with duplicate member names (after unescaping) is refused, so this
/// parser and the library cannot read different values for <c>alg</c> or <c>kid</c>.
/// </remarks>
internal sealed class TokenHeader
{
    private TokenHeader()
    {
    }

    /// <summary><c>alg</c>, as written.</summary>
    public string? Algorithm { get; private set; }

    /// <summary><c>kid</c>, as written (attacker-controlled until found in the ring: never log it before).</summary>
    public string? KeyId { get; private set; }

    /// <summary><c>typ</c>, as written.</summary>
    public string? Type { get; private set; }

    /// <summary>
    /// True when the header names or embeds a key (<c>jku</c>, <c>x5u</c>, <c>jwk</c>, <c>x5c</c>).
    /// Such tokens are refused outright; nothing a token names is ever fetched or trusted.
    /// </summary>
    public bool NamesKeySource { get; private set; }

    /// <summary>True for features we do not implement and must not ignore: <c>crit</c>, <c>zip</c>, <c>enc</c>, <c>cty</c>, <c>b64</c>.</summary>
    public bool HasUnsupportedMember { get; private set; }

    /// <summary>Reads a decoded header; false for anything but one flat-enough JSON object with string-typed fields.</summary>
    public static bool TryRead(ReadOnlySpan<byte> json, out TokenHeader? header)
    {
        header = null;

        // Checked up front: Utf8JsonReader only notices bad UTF-8 inside a string when it is read.
        if (!System.Text.Unicode.Utf8.IsValid(json))
        {
            return false;
        }

        var result = new TokenHeader();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 8 });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                if (!seen.Add(name) || !reader.Read() || !result.Accept(name, ref reader))
                {
                    return false;
                }
            }

            // The object must be closed and nothing may follow it.
            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                return false;
            }
        }
        catch (JsonException)
        {
            // Utf8JsonReader has no non-throwing mode; this is the one exception on the failure path,
            // taken only for a header that is not JSON at all.
            return false;
        }

        header = result;
        return true;
    }

    private bool Accept(string name, ref Utf8JsonReader reader)
    {
        switch (name)
        {
            case "alg":
                Algorithm = ReadString(ref reader);
                return Algorithm is not null;
            case "kid":
                KeyId = ReadString(ref reader);
                return KeyId is not null;
            case "typ":
                Type = ReadString(ref reader);
                return Type is not null;
            case "jku" or "x5u" or "jwk" or "x5c":
                NamesKeySource = true;
                return reader.TrySkip();
            case "crit" or "zip" or "enc" or "cty" or "b64":
                HasUnsupportedMember = true;
                return reader.TrySkip();
            default:
                return reader.TrySkip();
        }
    }

    private static string? ReadString(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
}
