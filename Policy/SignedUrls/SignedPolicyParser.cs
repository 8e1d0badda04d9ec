using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using SecureStream.Policy.Access;

namespace SecureStream.Policy.SignedUrls;

/// <summary>
/// Parses the <c>policy</c> parameter of a signed link: strict base64url, a size cap checked
/// before decoding, then a strict JSON object (docs/links.md, docs/security.md, policy JSON).
/// </summary>
/// <remarks>
/// Security invariants: input is attacker-controlled, so the parser never throws and never
/// allocates more than the cap allows; duplicate keys are refused (a differential between two
/// readers of one policy is an attack); times must be non-negative JSON integers in
/// milliseconds — strings, fractions, exponents and second-valued times are refused rather than
/// coerced. Unknown keys are skipped for OME compatibility.
/// </remarks>
internal static class SignedPolicyParser
{
    /// <summary>Smallest accepted time: anything lower is almost certainly seconds (1973-03-03 in ms).</summary>
    public const long MinMilliseconds = 100_000_000_000;

    /// <summary>Longest <c>sub</c>.</summary>
    public const int MaxSubjectLength = 64;

    /// <summary>Longest <c>jti</c>.</summary>
    public const int MaxLinkIdLength = 128;

    /// <summary>Longest <c>kid</c> (and configured key id).</summary>
    public const int MaxKeyIdLength = 64;

    // 9999-12-31T23:59:59.999Z, the largest instant DateTimeOffset holds.
    private const long MaxMilliseconds = 253_402_300_799_999;

    private static readonly SearchValues<char> TokenAlphabet =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._@-");

    private static readonly JsonReaderOptions ReaderOptions = new()
    {
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = 8,
    };

    /// <summary>
    /// Decodes and parses an encoded policy. <paramref name="maxPolicyBytes"/> caps the decoded
    /// JSON; the encoded length is checked against it before anything is decoded.
    /// </summary>
    public static SignedPolicyParseResult Parse(ReadOnlySpan<char> encoded, int maxPolicyBytes)
    {
        if (encoded.IsEmpty)
        {
            return SignedPolicyParseResult.Malformed("policy is empty");
        }

        if (encoded.Length > StrictBase64Url.EncodedLength(maxPolicyBytes))
        {
            return new SignedPolicyParseResult(AccessReason.PolicyTooLarge, null, "policy exceeds the size limit");
        }

        var length = StrictBase64Url.DecodedLength(encoded.Length);
        if (length < 0)
        {
            return SignedPolicyParseResult.Malformed("policy is not unpadded base64url");
        }

        var rented = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
        try
        {
            if (!StrictBase64Url.TryDecode(encoded, rented, out var written))
            {
                return SignedPolicyParseResult.Malformed("policy is not unpadded base64url");
            }

            return ParseJson(rented.AsSpan(0, written));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented, clearArray: true);
        }
    }

    /// <summary>Parses decoded policy JSON (UTF-8).</summary>
    public static SignedPolicyParseResult ParseJson(ReadOnlySpan<byte> json)
    {
        try
        {
            return ParseObject(json);
        }
        catch (JsonException)
        {
            // Utf8JsonReader reports syntax errors only by throwing; the size cap bounds the cost
            // and the exception stops here, turned into a value.
            return SignedPolicyParseResult.Malformed("policy is not valid JSON");
        }
        catch (InvalidOperationException)
        {
            // Thrown by the reader's getters on invalid UTF-8 inside a string.
            return SignedPolicyParseResult.Malformed("policy is not valid JSON");
        }
    }

    /// <summary>True for 1–<paramref name="maxLength"/> characters of <c>[A-Za-z0-9._@-]</c>.</summary>
    public static bool IsTokenText(string? text, int maxLength) =>
        !string.IsNullOrEmpty(text) && text.Length <= maxLength && text.AsSpan().IndexOfAnyExcept(TokenAlphabet) < 0;

    private static SignedPolicyParseResult ParseObject(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, ReaderOptions);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return SignedPolicyParseResult.Malformed("policy is not a JSON object");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        long? urlExpire = null, urlActivate = null, streamExpire = null;
        IPNetwork? allowIp = null, realIp = null;
        string? subject = null, linkId = null, keyId = null;

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            if (!seen.Add(name))
            {
                return SignedPolicyParseResult.Malformed("policy has a duplicate key");
            }

            reader.Read();
            string? error = null;
            switch (name)
            {
                case "url_expire":
                    urlExpire = ReadTime(ref reader, out error);
                    break;
                case "url_activate":
                    urlActivate = ReadTime(ref reader, out error);
                    break;
                case "stream_expire":
                    streamExpire = ReadTime(ref reader, out error);
                    break;
                case "allow_ip":
                    allowIp = ReadNetwork(ref reader, out error);
                    break;
                case "real_ip":
                    realIp = ReadNetwork(ref reader, out error);
                    break;
                case "sub":
                    subject = ReadToken(ref reader, MaxSubjectLength, out error);
                    break;
                case "jti":
                    linkId = ReadToken(ref reader, MaxLinkIdLength, out error);
                    break;
                case "kid":
                    keyId = ReadToken(ref reader, MaxKeyIdLength, out error);
                    break;
                default:
                    // OME ignores keys it does not know; so do we, after checking they are well formed.
                    reader.Skip();
                    break;
            }

            if (error is not null)
            {
                return SignedPolicyParseResult.Malformed(error);
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
        {
            return SignedPolicyParseResult.Malformed("policy is not valid JSON");
        }

        if (urlExpire is null)
        {
            return SignedPolicyParseResult.Malformed("policy has no url_expire");
        }

        var claims = new SignedPolicyClaims(DateTimeOffset.FromUnixTimeMilliseconds(urlExpire.Value))
        {
            UrlActivate = urlActivate is { } activate ? DateTimeOffset.FromUnixTimeMilliseconds(activate) : null,
            StreamExpire = streamExpire is { } stream ? DateTimeOffset.FromUnixTimeMilliseconds(stream) : null,
            AllowIp = allowIp,
            RealIp = realIp,
            Subject = subject,
            LinkId = linkId,
            KeyId = keyId,
        };
        return new SignedPolicyParseResult(AccessReason.Allowed, claims, null);
    }

    private static long? ReadTime(ref Utf8JsonReader reader, out string? error)
    {
        error = null;
        if (reader.TokenType != JsonTokenType.Number)
        {
            error = "policy time is not a JSON integer";
            return null;
        }

        // The raw token decides: 1.5e12, 1500000000000.0 and -1 are all refused, not coerced.
        var raw = reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan;
        if (raw.IndexOfAny((byte)'.', (byte)'e', (byte)'E') >= 0)
        {
            error = "policy time is not a JSON integer";
            return null;
        }

        if (raw.Length > 0 && raw[0] == (byte)'-')
        {
            error = "policy time is negative";
            return null;
        }

        if (!reader.TryGetInt64(out var value) || value > MaxMilliseconds)
        {
            error = "policy time is out of range";
            return null;
        }

        if (value < MinMilliseconds)
        {
            error = "policy time looks like seconds instead of milliseconds";
            return null;
        }

        return value;
    }

    private static string? ReadToken(ref Utf8JsonReader reader, int maxLength, out string? error)
    {
        error = null;
        if (reader.TokenType != JsonTokenType.String || reader.ValueSpan.Length > maxLength * 6)
        {
            error = "policy sub/jti/kid is not an allowed string";
            return null;
        }

        var text = reader.GetString();
        if (!IsTokenText(text, maxLength))
        {
            error = "policy sub/jti/kid is not an allowed string";
            return null;
        }

        return text;
    }

    private static IPNetwork? ReadNetwork(ref Utf8JsonReader reader, out string? error)
    {
        error = null;
        if (reader.TokenType != JsonTokenType.String || reader.ValueSpan.Length > 64)
        {
            error = "policy allow_ip/real_ip is not a CIDR string";
            return null;
        }

        if (!TryParseCidr(reader.GetString(), out var network))
        {
            error = "policy allow_ip/real_ip is not a valid CIDR";
            return null;
        }

        return network;
    }

    /// <summary>
    /// Parses <c>a.b.c.d[/n]</c> or <c>v6[/n]</c>; a bare address is /32 or /128. Strict: decimal
    /// dotted quads without leading zeros (no octal or hex forms), no IPv6 zone, a decimal prefix
    /// in range. Host bits past the prefix are cleared, as OME's generator may leave them set.
    /// </summary>
    public static bool TryParseCidr(string? text, out IPNetwork network)
    {
        network = default;
        if (string.IsNullOrEmpty(text) || text.Length > 64)
        {
            return false;
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var addressText = slash < 0 ? text.AsSpan() : text.AsSpan(0, slash);
        if (!TryParseStrictAddress(addressText, out var address))
        {
            return false;
        }

        var maxPrefix = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var prefix = maxPrefix;
        if (slash >= 0)
        {
            var prefixText = text.AsSpan(slash + 1);
            if (prefixText.IsEmpty || prefixText.Length > 3 || prefixText.IndexOfAnyExceptInRange('0', '9') >= 0
                || (prefixText.Length > 1 && prefixText[0] == '0'))
            {
                return false;
            }

            prefix = int.Parse(prefixText, System.Globalization.CultureInfo.InvariantCulture);
            if (prefix > maxPrefix)
            {
                return false;
            }
        }

        network = new IPNetwork(Mask(address, prefix), prefix);
        return true;
    }

    private static bool TryParseStrictAddress(ReadOnlySpan<char> text, out IPAddress address)
    {
        address = IPAddress.None;
        if (text.Contains(':'))
        {
            // IPv6: hex, ':' and an optional embedded dotted IPv4 tail; no zone id, no brackets.
            foreach (var c in text)
            {
                if (!(char.IsAsciiHexDigit(c) || c is ':' or '.'))
                {
                    return false;
                }
            }

            return IPAddress.TryParse(text, out address!) && address.AddressFamily == AddressFamily.InterNetworkV6;
        }

        var parts = 0;
        foreach (var range in text.Split('.'))
        {
            var part = text[range];
            parts++;
            if (part.IsEmpty || part.Length > 3 || part.IndexOfAnyExceptInRange('0', '9') >= 0
                || (part.Length > 1 && part[0] == '0')
                || int.Parse(part, System.Globalization.CultureInfo.InvariantCulture) > 255)
            {
                return false;
            }
        }

        return parts == 4 && IPAddress.TryParse(text, out address!);
    }

    private static IPAddress Mask(IPAddress address, int prefix)
    {
        var bytes = address.GetAddressBytes();
        for (var i = 0; i < bytes.Length; i++)
        {
            var keep = Math.Clamp(prefix - (i * 8), 0, 8);
            bytes[i] &= (byte)(0xFF << (8 - keep));
        }

        return new IPAddress(bytes);
    }
}
