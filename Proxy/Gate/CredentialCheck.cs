using SecureStream.Policy.Access;
using SecureStream.Policy.Audit;

namespace SecureStream.Proxy.Gate;

/// <summary>
/// The credential step's result, the same shape for signed links and JWTs: who the operator is
/// (null for an OME link without <c>sub</c>), which credential (an id, never the credential), and
/// the limits it carries.
/// </summary>
/// <param name="CameraScope">
/// The cameras the credential itself covers, for a webhook <c>new_url</c>: a JWT's <c>cam</c>
/// patterns; null for a signed link, whose signature covers only the path it was signed for.
/// </param>
internal sealed record CredentialCheck(
    AccessReason Reason,
    AuditCredentialKind Kind,
    string? Operator = null,
    string? CredentialId = null,
    string? LinkId = null,
    DateTimeOffset? LinkExpires = null,
    DateTimeOffset? SessionEnd = null,
    string? Detail = null,
    string? KeyId = null,
    IReadOnlyList<CameraPattern>? CameraScope = null)
{
    public bool IsAllowed => Reason == AccessReason.Allowed;
}
