using SecureStream.Policy.Access;

namespace SecureStream.Policy.Tokens;

/// <summary>
/// The decision on one token link: <see cref="AccessReason.Allowed"/> with the claims, or one deny
/// reason. <see cref="Detail"/> is a short diagnostic for the audit record; it never contains the
/// token, a signature or key material, and nothing is echoed from the token except the kid.
/// </summary>
internal sealed record TokenResult(AccessReason Reason, TokenClaims? Claims, string? Detail)
{
    /// <summary>True only for an allowed decision that carries claims.</summary>
    public bool IsAllowed => Reason == AccessReason.Allowed && Claims is not null;

    /// <summary>An allowed decision.</summary>
    public static TokenResult Allow(TokenClaims claims) => new(AccessReason.Allowed, claims, null);

    /// <summary>A deny. <paramref name="reason"/> must not be <see cref="AccessReason.Allowed"/>.</summary>
    public static TokenResult Deny(AccessReason reason, string detail) =>
        new(reason == AccessReason.Allowed ? AccessReason.TokenInvalid : reason, null, detail);
}
