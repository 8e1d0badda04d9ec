using System.Net;
using System.Text.Json;
using SecureStream.Policy.Access;

namespace SecureStream.Policy.Tokens;

/// <summary>
/// The claims of a token whose signature has already been verified, read strictly: each claim has
/// one type, duplicates are refused, and a claim of the wrong type is a malformed token rather than
/// a claim that is silently absent.
/// </summary>
internal sealed class TokenPayload
{
    private const int MaxCameras = 256;
    private const int MaxCidrs = 64;
    private const int MaxIdLength = 256;

    // 9999-12-31T23:59:59Z, the largest time DateTimeOffset can hold.
    private const long MaxEpochSeconds = 253_402_300_799;

    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 8, AllowDuplicateProperties = false };

    private TokenPayload()
    {
    }

    public DateTimeOffset? Expires { get; private set; }

    public DateTimeOffset? NotBefore { get; private set; }

    public DateTimeOffset? IssuedAt { get; private set; }

    public DateTimeOffset? SessionEnd { get; private set; }

    public string? Subject { get; private set; }

    public string? LinkId { get; private set; }

    /// <summary>Null when <c>cam</c> is absent; empty for <c>[]</c> (both count as missing).</summary>
    public IReadOnlyList<CameraPattern>? Cameras { get; private set; }

    /// <summary>Null when <c>cidr</c> is absent; may be empty (which then admits no address).</summary>
    public IReadOnlyList<IPNetwork>? Cidrs { get; private set; }

    /// <summary>Reads the payload JSON; on failure <paramref name="detail"/> says which claim was wrong (never its value).</summary>
    public static bool TryRead(byte[] json, out TokenPayload? payload, out string detail)
    {
        payload = null;
        detail = string.Empty;
        if (!System.Text.Unicode.Utf8.IsValid(json))
        {
            detail = "payload is not valid UTF-8";
            return false;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, Options);
        }
        catch (JsonException)
        {
            // Reached only with a valid signature: the signer produced bad JSON or duplicate claims.
            detail = "payload is not a JSON object without duplicate claims";
            return false;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                detail = "payload is not a JSON object";
                return false;
            }

            var result = new TokenPayload();
            if (!result.ReadAll(root, out detail))
            {
                return false;
            }

            payload = result;
            return true;
        }
    }

    private bool ReadAll(JsonElement root, out string detail)
    {
        detail = string.Empty;
        var ok = TryTime(root, "exp", out var exp) & TryTime(root, "nbf", out var nbf)
            & TryTime(root, "iat", out var iat) & TryTime(root, "sx", out var sx)
            & TryId(root, "sub", out var sub) & TryId(root, "jti", out var jti);
        if (!ok)
        {
            detail = "a time claim is not a number in range, or sub/jti is not a short non-empty string";
            return false;
        }

        (Expires, NotBefore, IssuedAt, SessionEnd, Subject, LinkId) = (exp, nbf, iat, sx, sub, jti);
        if (!TryCameras(root, out var cameras))
        {
            detail = "cam is not a camera pattern or an array of them";
            return false;
        }

        if (!TryCidrs(root, out var cidrs))
        {
            detail = "cidr is not a network (address/prefix, no host bits) or an array of them";
            return false;
        }

        (Cameras, Cidrs) = (cameras, cidrs);
        return true;
    }

    private static bool TryTime(JsonElement root, string name, out DateTimeOffset? value)
    {
        value = null;
        if (!root.TryGetProperty(name, out var element))
        {
            return true;
        }

        // RFC 7519 NumericDate may carry a fraction; whole seconds are what matter here.
        if (element.ValueKind != JsonValueKind.Number || !element.TryGetDouble(out var seconds)
            || double.IsNaN(seconds) || seconds < 0 || seconds > MaxEpochSeconds)
        {
            return false;
        }

        value = DateTimeOffset.FromUnixTimeSeconds((long)Math.Floor(seconds));
        return true;
    }

    private static bool TryId(JsonElement root, string name, out string? value)
    {
        value = null;
        if (!root.TryGetProperty(name, out var element))
        {
            return true;
        }

        value = element.ValueKind == JsonValueKind.String ? element.GetString() : null;
        return value is { Length: > 0 and <= MaxIdLength };
    }

    private static bool TryCameras(JsonElement root, out IReadOnlyList<CameraPattern>? cameras)
    {
        cameras = null;
        if (!root.TryGetProperty("cam", out var element))
        {
            return true;
        }

        var list = new List<CameraPattern>();
        foreach (var text in StringOrArray(element, MaxCameras))
        {
            if (text is null || !CameraPattern.TryParse(text, out var pattern))
            {
                return false;
            }

            list.Add(pattern!);
        }

        // An empty list is kept so the validator reports the claim as missing, not malformed.
        cameras = list;
        return true;
    }

    private static bool TryCidrs(JsonElement root, out IReadOnlyList<IPNetwork>? cidrs)
    {
        cidrs = null;
        if (!root.TryGetProperty("cidr", out var element))
        {
            return true;
        }

        var list = new List<IPNetwork>();
        foreach (var text in StringOrArray(element, MaxCidrs))
        {
            if (text is null || !TokenCidr.TryParse(text, out var network))
            {
                return false;
            }

            list.Add(network);
        }

        cidrs = list;
        return true;
    }

    // Yields each string of a string-or-array claim; a null item marks a wrong type or too many items.
    private static IEnumerable<string?> StringOrArray(JsonElement element, int max)
    {
        if (element.ValueKind == JsonValueKind.String)
        {
            yield return element.GetString();
            yield break;
        }

        if (element.ValueKind != JsonValueKind.Array || element.GetArrayLength() > max)
        {
            yield return null;
            yield break;
        }

        foreach (var item in element.EnumerateArray())
        {
            yield return item.ValueKind == JsonValueKind.String ? item.GetString() : null;
        }
    }
}
