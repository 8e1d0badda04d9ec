namespace SecureStream.Policy.Tokens;

/// <summary>
/// The <c>tokens</c> section of policy.json: how JWT token links (docs/links.md) are checked.
/// Deserialized by System.Text.Json; the defaults are the safe ones. Validated and turned into a
/// <see cref="TokenKeyRing"/> by <see cref="TokenKeyRing.TryCreate"/>.
/// </summary>
public sealed class TokenSettings
{
    /// <summary>The <c>aud</c> every token must carry, e.g. <c>securestream</c>. Required when keys exist.</summary>
    public string? Audience { get; init; }

    /// <summary>
    /// Accepted <c>iss</c> values. Empty means the issuer is not checked (the key alone vouches for
    /// the token); naming the issuers is recommended so a key shared with another system cannot
    /// mint links for this one.
    /// </summary>
    public IReadOnlyList<string> Issuers { get; set; } = [];

    /// <summary>Tolerance for <c>exp</c>, <c>nbf</c> and <c>iat</c>, 0–300 s (the library's own default is 300 s; ours 30 s).</summary>
    public int ClockSkewSeconds { get; set; } = 30;

    /// <summary>Longest accepted lifetime, <c>exp − (iat ?? nbf ?? now)</c>, in seconds.</summary>
    public int MaxLifetimeSeconds { get; set; } = 86400;

    /// <summary>Tokens longer than this are refused before any parsing.</summary>
    public int MaxTokenBytes { get; set; } = 8192;

    /// <summary>When true a token without <c>jti</c> is refused (needed for single-use links).</summary>
    public bool RequireJti { get; init; }

    /// <summary>The key ring: several keys may be valid at once for rotation.</summary>
    public IReadOnlyList<TokenKeySettings> Keys { get; set; } = [];
}
