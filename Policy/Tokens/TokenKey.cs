using Microsoft.IdentityModel.Tokens;

namespace SecureStream.Policy.Tokens;

/// <summary>
/// One entry of the <see cref="TokenKeyRing"/>: the verification key, the single algorithm it is
/// pinned to, and when it retires.
/// </summary>
/// <remarks>
/// Security invariant: a key verifies tokens of exactly one algorithm. An HMAC key is never an
/// asymmetric key's public half, and an ES key never verifies HS tokens, so algorithm confusion
/// (HS256 "signed" with a public key) is impossible by construction.
/// </remarks>
internal sealed class TokenKey
{
    public TokenKey(string keyId, string algorithm, SecurityKey verificationKey, SecurityKey? signingKey, DateTimeOffset? notAfter)
    {
        KeyId = keyId;
        Algorithm = algorithm;
        VerificationKey = verificationKey;
        SigningKey = signingKey;
        NotAfter = notAfter;
    }

    /// <summary>The <c>kid</c>.</summary>
    public string KeyId { get; }

    /// <summary>The pinned JOSE algorithm name, e.g. <c>HS256</c>.</summary>
    public string Algorithm { get; }

    /// <summary>The key handed to the JWT library for this <c>kid</c> only.</summary>
    public SecurityKey VerificationKey { get; }

    /// <summary>The key that can sign (the HMAC key, or the EC private key when configured); null when this node cannot sign.</summary>
    public SecurityKey? SigningKey { get; }

    /// <summary>After this time the key is retired and its tokens are refused.</summary>
    public DateTimeOffset? NotAfter { get; }

    /// <summary>True when the key is retired at <paramref name="now"/>.</summary>
    public bool IsRetiredAt(DateTimeOffset now) => NotAfter is { } notAfter && now > notAfter;
}
