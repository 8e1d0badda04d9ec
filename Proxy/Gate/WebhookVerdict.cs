using SecureStream.Policy.Access;

namespace SecureStream.Proxy.Gate;

/// <summary>
/// What the admission webhook step decided: allowed with the session's end, camera, forwarded
/// query and redirect as the answer left them, or a refusal with its reason and audit detail.
/// </summary>
internal readonly record struct WebhookVerdict(
    AccessReason Reason,
    string? Detail,
    DateTimeOffset? SessionEnd,
    CameraPath Camera,
    string ForwardQuery,
    string? NewUrl)
{
    public bool IsAllowed => Reason == AccessReason.Allowed;

    public WebhookVerdict Refuse(AccessReason reason, string? detail) => this with { Reason = reason, Detail = detail };
}
