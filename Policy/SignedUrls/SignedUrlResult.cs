using SecureStream.Policy.Access;

namespace SecureStream.Policy.SignedUrls;

/// <summary>
/// The decision on a signed link. <see cref="Claims"/> and <see cref="KeyId"/> are set only once
/// the MAC has been verified (so an audit record never repeats unauthenticated claims); they stay
/// set for the deny reasons that come after the MAC check (expiry, address, retired key).
/// </summary>
/// <param name="Reason">Why; <see cref="AccessReason.Allowed"/> when admitted.</param>
/// <param name="Claims">The verified policy.</param>
/// <param name="KeyId">The id of the key whose MAC matched.</param>
/// <param name="Detail">A short constant text for the audit record; never a secret, a signature or an expected MAC.</param>
internal sealed record SignedUrlResult(AccessReason Reason, SignedPolicyClaims? Claims, string? KeyId, string? Detail)
{
    /// <summary>True when the link admits the request.</summary>
    public bool IsAllowed => Reason == AccessReason.Allowed;

    /// <summary>A deny without verified claims.</summary>
    public static SignedUrlResult Deny(AccessReason reason, string detail) => new(reason, null, null, detail);
}
