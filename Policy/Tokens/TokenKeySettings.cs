namespace SecureStream.Policy.Tokens;

/// <summary>
/// One key of the <c>tokens.keys</c> list. The key material is never written here: <see cref="Secret"/>,
/// <see cref="PublicKey"/> and <see cref="PrivateKey"/> are <c>env:NAME</c> or <c>file:/path</c> references.
/// </summary>
public sealed class TokenKeySettings
{
    /// <summary>The <c>kid</c> tokens name this key by; <c>^[A-Za-z0-9._-]{1,64}$</c>.</summary>
    public string? Kid { get; init; }

    /// <summary>The one algorithm this key accepts: HS256, HS384, HS512, ES256 or ES384.</summary>
    public string? Algorithm { get; init; }

    /// <summary>HMAC secret reference (HS algorithms only); at least as many bytes as the hash output.</summary>
    public string? Secret { get; init; }

    /// <summary>PEM public key reference (ES algorithms only).</summary>
    public string? PublicKey { get; init; }

    /// <summary>Optional PEM private key reference (ES only), used by the <c>sign</c> CLI, never by the gate.</summary>
    public string? PrivateKey { get; init; }

    /// <summary>When set, the key is retired after this time: tokens it signed are refused.</summary>
    public DateTimeOffset? NotAfter { get; init; }
}
