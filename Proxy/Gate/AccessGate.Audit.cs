using SecureStream.Policy.Access;
using SecureStream.Policy.Admission;
using SecureStream.Policy.Audit;
using SecureStream.Policy.Redis;
using SecureStream.Proxy.ClientAddresses;
using SecureStream.Proxy.Lockout;

namespace SecureStream.Proxy.Gate;

internal sealed partial class AccessGate
{
    /// <summary>
    /// Records a refusal. The refusal stands whether or not the record could be written; if the
    /// journal is down, the answer becomes 503 so the client does not mistake it for a final no.
    /// A pre-authentication refusal that is not the first of its interval from its source is only
    /// counted (docs/audit.md "Aggregated refusals"), so a flood costs O(1) and no journal bytes.
    /// </summary>
    private async ValueTask<GateOutcome> DenyAsync(GateContext context, AccessReason reason, string? detail, CancellationToken cancellationToken)
    {
        Log.Denied(logger, reason, context.Request.TraceId);
        denials.Record(context.Now, reason, context.Target?.Camera, context.Client.Address, context.Request.TraceId);
        if (limits.Lockout is { } lockout && SourceLockout.Counts(reason) &&
            await RecordFailureAsync(lockout, context, cancellationToken) is { } started)
        {
            metrics.LockoutStarted();
            await WriteLockedOutAsync(context, lockout, started, reason);
        }

        if (IsPreAuthentication(context) && limits.Refusals is { } refusals && !refusals.Register(context.Source, reason, context.Now))
        {
            return GateOutcome.Deny(reason);
        }

        return await WriteDecisionAsync(context, reason, detail, cancellationToken)
            ? GateOutcome.Deny(reason)
            : GateOutcome.Deny(AccessReason.AuditUnavailable);
    }

    /// <summary>
    /// Counts a forged-looking credential towards the source's lockout. A shared table that cannot
    /// answer loses this one count; the refusal itself stands with its own reason.
    /// </summary>
    private static async ValueTask<LockoutState?> RecordFailureAsync(ISourceLockouts lockout, GateContext context, CancellationToken cancellationToken)
    {
        try
        {
            return await lockout.RecordFailureAsync(context.Source, context.Now, cancellationToken);
        }
        catch (SharedStateUnavailableException)
        {
            return null;
        }
    }

    /// <summary>Nothing the client presented has been accepted yet: no credential, or one that failed.</summary>
    private static bool IsPreAuthentication(GateContext context) => context.Credential is not { IsAllowed: true };

    /// <summary>
    /// The lockout's one record. The lockout stands whether or not it could be written (refusing
    /// is the safe side); a failure is the journal's to report. Not cancellable by the request
    /// that happened to cross the threshold.
    /// </summary>
    private async ValueTask WriteLockedOutAsync(GateContext context, ISourceLockouts lockout, LockoutState started, AccessReason reason)
    {
        Log.SourceLockedOut(logger, started.Source, started.Failures, started.Until);
        await audit.WriteAsync(
            new SourceLockedOutRecord
            {
                Time = context.Now,
                TraceId = context.Request.TraceId,
                Source = started.Source.ToString(),
                Failures = started.Failures,
                WindowSeconds = (long)lockout.Window.TotalSeconds,
                Until = started.Until,
                LastReason = reason,
            },
            CancellationToken.None);
    }

    private ValueTask<bool> WriteDecisionAsync(GateContext context, AccessReason reason, string? detail, CancellationToken cancellationToken) =>
        audit.WriteAsync(DecisionRecord(context, reason, detail), cancellationToken);

    /// <summary>
    /// The allow decision and the session start as one append: true only when both are on disk;
    /// false means neither is, and the admission must not happen.
    /// </summary>
    private ValueTask<bool> WriteAdmissionAsync(GateContext context, Sessions.AdmittedSession session, string? detail, CancellationToken cancellationToken) =>
        audit.WriteBothAsync(DecisionRecord(context, AccessReason.Allowed, detail), SessionStartRecord(context, session), cancellationToken);

    private static AccessDecisionRecord DecisionRecord(GateContext context, AccessReason reason, string? detail)
    {
        var camera = context.Target?.Camera;
        return new AccessDecisionRecord
        {
            Time = context.Now,
            TraceId = context.Request.TraceId,
            Reason = reason,
            Operator = context.OperatorKey ?? (context.Credential?.Operator is { } subject ? "op:" + subject : null),
            CredentialKind = context.Credential?.Kind ?? AuditCredentialKind.None,
            CredentialId = context.Credential?.CredentialId,
            App = camera?.App,
            Camera = camera?.Stream,
            ClientIp = context.Client.Address,
            ClientIpSource = context.Client.Source switch
            {
                ClientAddressSource.XRealIp => ClientIpSource.XRealIp,
                ClientAddressSource.XForwardedFor => ClientIpSource.XForwardedFor,
                ClientAddressSource.XForwardedForLimit => ClientIpSource.XForwardedForLimit,
                _ => ClientIpSource.Peer,
            },
            UserAgent = context.Request.UserAgent,
            Protocol = context.Target is null ? AuditProtocol.Unknown : ProtocolOf(context.Target),
            SessionId = context.SessionId,
            WebhookOutcome = context.WebhookOutcome,
            WebhookLatencyMs = context.WebhookLatency is { } latency ? (long)latency.TotalMilliseconds : null,
            PullTriggered = reason == AccessReason.Allowed,
            Detail = detail ?? context.Credential?.Detail,
            // Admissions only: a refusal's line keeps its size bound (docs/audit.md, "Viewer trace context").
            ClientTraceId = reason == AccessReason.Allowed ? context.Request.ClientTrace?.TraceId : null,
        };
    }

    private async ValueTask WriteWebhookCallAsync(GateContext context, AdmissionDecision decision, CancellationToken cancellationToken)
    {
        // The access.decision record that follows carries the verdict; this one keeps the call's
        // own facts (status, latency) even when the decision record cannot be written.
        await audit.WriteAsync(
            new WebhookCallRecord
            {
                Time = context.Now,
                TraceId = context.Request.TraceId,
                Status = "opening",
                Outcome = decision.Outcome,
                HttpStatus = decision.HttpStatus,
                LatencyMs = (long)decision.Latency.TotalMilliseconds,
                ClientTraceId = context.Request.ClientTrace?.TraceId,
                App = context.Target?.Camera.App,
                Camera = context.Target?.Camera.Stream,
            },
            cancellationToken);
    }

    private static SessionStartedRecord SessionStartRecord(GateContext context, Sessions.AdmittedSession session) => new()
    {
        Time = context.Now,
        TraceId = context.Request.TraceId,
        ClientTraceId = session.ClientTraceId,
        SessionId = session.Id,
        Operator = session.OperatorKey,
        CredentialId = session.CredentialId,
        App = session.Camera.App,
        Camera = session.Camera.Stream,
        ClientIp = context.Client.Address,
        Protocol = session.Protocol,
        Rendition = session.Rendition,
    };
}
