using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SecureStream.Policy.Access;
using SecureStream.Policy.Secrets;

namespace SecureStream.Policy.SignedUrls;

/// <summary>
/// Makes signed links (the <c>sign</c> CLI, tests) and computes the MAC the validator compares
/// against. The link is the one OME's generator would make, so OME servers accept it too as long
/// as the policy carries only OME's fields and the key is HMAC-SHA1.
/// </summary>
internal static class SignedUrlSigner
{
    /// <summary>MAC length in bytes for an algorithm.</summary>
    public static int MacLength(SignedUrlAlgorithm algorithm) =>
        algorithm == SignedUrlAlgorithm.HmacSha256 ? HMACSHA256.HashSizeInBytes : HMACSHA1.HashSizeInBytes;

    /// <summary>Computes the MAC of <paramref name="message"/> into <paramref name="destination"/> (at least <see cref="MacLength"/> bytes).</summary>
    [SuppressMessage("Security", "CA5350:Do Not Use Weak Cryptographic Algorithms",
        Justification = "HMAC-SHA1 is OME's signed-link MAC (wire compatibility); HMAC with SHA-1 is not broken by SHA-1 collisions, and HMAC-SHA256 is offered and can be required.")]
    public static int ComputeMac(SignedUrlAlgorithm algorithm, ReadOnlySpan<byte> key, ReadOnlySpan<byte> message, Span<byte> destination) =>
        algorithm == SignedUrlAlgorithm.HmacSha256
            ? HMACSHA256.HashData(key, message, destination)
            : HMACSHA1.HashData(key, message, destination);

    /// <summary>The signature parameter value for a signed string: base64url-no-pad(HMAC(secret, UTF-8 bytes)).</summary>
    public static string ComputeSignature(string signedString, SecretValue secret, SignedUrlAlgorithm algorithm)
    {
        ArgumentNullException.ThrowIfNull(signedString);
        ArgumentNullException.ThrowIfNull(secret);
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        var length = ComputeMac(algorithm, secret.Span, Encoding.UTF8.GetBytes(signedString), mac);
        return StrictBase64Url.Encode(mac[..length]);
    }

    /// <summary>The policy JSON, times as integer milliseconds, OME's keys first.</summary>
    public static byte[] SerializePolicy(SignedPolicyClaims claims)
    {
        ArgumentNullException.ThrowIfNull(claims);
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteNumber("url_expire", claims.UrlExpire.ToUnixTimeMilliseconds());
            if (claims.UrlActivate is { } activate)
            {
                writer.WriteNumber("url_activate", activate.ToUnixTimeMilliseconds());
            }

            if (claims.StreamExpire is { } streamExpire)
            {
                writer.WriteNumber("stream_expire", streamExpire.ToUnixTimeMilliseconds());
            }

            if (claims.AllowIp is { } allowIp)
            {
                writer.WriteString("allow_ip", allowIp.ToString());
            }

            if (claims.RealIp is { } realIp)
            {
                writer.WriteString("real_ip", realIp.ToString());
            }

            WriteOptional(writer, "sub", claims.Subject);
            WriteOptional(writer, "jti", claims.LinkId);
            WriteOptional(writer, "kid", claims.KeyId);
            writer.WriteEndObject();
        }

        return stream.ToArray();
    }

    /// <summary>
    /// Builds a complete signed link from a base URL (<c>scheme://host[:port]/app/stream[?params]</c>,
    /// no user info, no fragment, no policy or signature parameter yet). The link always carries an
    /// explicit port, which is what makes it verify on a server that inserts its own port.
    /// <paramref name="keyId"/>, when given, is written as <c>kid</c> so only that key is tried.
    /// </summary>
    public static string CreateLink(
        Uri baseUrlWithoutCredentials, SignedPolicyClaims claims, string? keyId, SecretValue secret,
        SignedUrlAlgorithm algorithm, SignedUrlParameterNames names)
    {
        ArgumentNullException.ThrowIfNull(baseUrlWithoutCredentials);
        ArgumentNullException.ThrowIfNull(claims);
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentNullException.ThrowIfNull(names);
        var url = baseUrlWithoutCredentials;
        if (!url.IsAbsoluteUri || url.UserInfo.Length > 0 || url.Fragment.Length > 0)
        {
            throw new ArgumentException("The base URL must be absolute, without user info or fragment.", nameof(baseUrlWithoutCredentials));
        }

        if (keyId is not null)
        {
            claims = claims with { KeyId = keyId };
        }

        var query = new List<QueryPair>();
        var existing = url.Query.Length > 1 ? url.Query[1..] : string.Empty;
        foreach (var raw in existing.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = raw.IndexOf('=', StringComparison.Ordinal);
            var name = eq < 0 ? raw : raw[..eq];
            if (string.Equals(name, names.Policy, StringComparison.OrdinalIgnoreCase)
                || string.Equals(name, names.Signature, StringComparison.OrdinalIgnoreCase))
            {
                throw new ArgumentException("The base URL already carries a policy or signature parameter.", nameof(baseUrlWithoutCredentials));
            }

            query.Add(new QueryPair(name, eq < 0 ? string.Empty : raw[(eq + 1)..], string.Empty) { Raw = raw });
        }

        var policy = StrictBase64Url.Encode(SerializePolicy(claims));
        query.Add(new QueryPair(names.Policy, policy, policy));
        var host = url.Host + ":" + url.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var signedString = SignedUrlCanonicalizer.BuildSignedString(url.Scheme, host, url.Port, url.AbsolutePath, query, names.Signature);
        return signedString + "&" + names.Signature + "=" + ComputeSignature(signedString, secret, algorithm);
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }
}
