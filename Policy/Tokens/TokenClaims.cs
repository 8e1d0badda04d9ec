using System.Net;
using SecureStream.Policy.Access;

namespace SecureStream.Policy.Tokens;

/// <summary>The claims of a token link that passed every check; the gate intersects them with policy.json.</summary>
/// <param name="Subject"><c>sub</c>: the operator id.</param>
/// <param name="Cameras"><c>cam</c>: the camera patterns the token grants (never empty).</param>
/// <param name="Expires"><c>exp</c>: the link's expiry (does not end sessions already open).</param>
/// <param name="NotBefore"><c>nbf</c>, when present.</param>
/// <param name="SessionEnd"><c>sx</c>: hard end of any session opened with this link, when present.</param>
/// <param name="Cidrs"><c>cidr</c>: the networks the client must be in; empty when the token is not address-bound.</param>
/// <param name="LinkId"><c>jti</c>, for single-use and max-use limits.</param>
/// <param name="KeyId">The <c>kid</c> that verified the token (audit records carry it).</param>
internal sealed record TokenClaims(
    string Subject,
    IReadOnlyList<CameraPattern> Cameras,
    DateTimeOffset Expires,
    DateTimeOffset? NotBefore,
    DateTimeOffset? SessionEnd,
    IReadOnlyList<IPNetwork> Cidrs,
    string? LinkId,
    string KeyId);
