using SecureStream.Policy.Access;

namespace SecureStream.Policy.SignedUrls;

/// <summary>What <see cref="SignedPolicyParser"/> made of a policy parameter.</summary>
/// <param name="Reason"><see cref="AccessReason.Allowed"/>, <see cref="AccessReason.PolicyTooLarge"/> or <see cref="AccessReason.PolicyMalformed"/>.</param>
/// <param name="Claims">The claims when parsed.</param>
/// <param name="Detail">A constant, safe text saying what was wrong (never the policy itself).</param>
internal readonly record struct SignedPolicyParseResult(AccessReason Reason, SignedPolicyClaims? Claims, string? Detail)
{
    /// <summary>True when the policy parsed.</summary>
    public bool IsValid => Reason == AccessReason.Allowed;

    public static SignedPolicyParseResult Malformed(string detail) => new(AccessReason.PolicyMalformed, null, detail);
}
