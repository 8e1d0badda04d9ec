using SecureStream.Policy.Admission;
using SecureStream.Policy.Entitlements;
using SecureStream.Policy.Forwarding;
using SecureStream.Policy.SignedUrls;
using SecureStream.Policy.Tokens;

namespace SecureStream.Policy.PolicyFile;

/// <summary>
/// One validated, immutable policy: what every request of one moment is judged by. A reload
/// builds a new snapshot whole and swaps it in, so no request ever sees half of two files.
/// </summary>
/// <param name="ContentHash">Hex SHA-256 prefix of the file bytes, for the policy.reloaded audit record.</param>
internal sealed record PolicySnapshot(
    SignedUrlKeyRing SignedUrls,
    TokenKeyRing Tokens,
    EntitlementTable Entitlements,
    AdmissionEndpoint? Admission,
    ForwardingRules Forwarding,
    int MaxUsesPerLinkId,
    string ContentHash,
    DateTimeOffset LoadedAt);
