using SecureStream.Policy.Access;

namespace SecureStream.Policy.Admission;

/// <summary>
/// The webhook's answer as a value. <see cref="Reason"/> is <see cref="AccessReason.Allowed"/>
/// only for HTTP 200 with a JSON object whose <c>allowed</c> is the JSON literal <c>true</c>;
/// <c>false</c> gives <see cref="AccessReason.WebhookDenied"/> (403); anything else — fail
/// closed — <see cref="AccessReason.WebhookUnavailable"/> (503 with Retry-After).
/// </summary>
/// <param name="Reason">The access reason for the gate's decision.</param>
/// <param name="Outcome">One of the <see cref="AdmissionOutcome"/> codes, for the audit record.</param>
/// <param name="LifetimeMs">Session lifetime granted by the receiver in ms; null when it set none (absent or 0 = unlimited). Only set when allowed.</param>
/// <param name="NewUrl">The receiver's <c>new_url</c>, unvalidated: check it with <see cref="AdmissionRedirect.TryResolve"/>. Only set when allowed.</param>
/// <param name="PeerReason">The receiver's <c>reason</c>, bounded and escaped; for logs only, never sent to the viewer.</param>
/// <param name="Latency">Time from sending to deciding, from the injected TimeProvider; zero when the circuit was open.</param>
/// <param name="HttpStatus">The HTTP status received, if any.</param>
internal sealed record AdmissionDecision(
    AccessReason Reason,
    string Outcome,
    long? LifetimeMs,
    string? NewUrl,
    string? PeerReason,
    TimeSpan Latency,
    int? HttpStatus)
{
    /// <summary>True only for an explicit <c>"allowed": true</c>.</summary>
    public bool IsAllowed => Reason == AccessReason.Allowed;

    /// <summary>A decision made without a usable answer.</summary>
    internal static AdmissionDecision Unavailable(string outcome, TimeSpan latency, int? httpStatus) =>
        new(AccessReason.WebhookUnavailable, outcome, null, null, null, latency, httpStatus);
}
