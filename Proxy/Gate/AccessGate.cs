using System.Net;
using Microsoft.Extensions.Logging;
using SecureStream.Policy.Access;
using SecureStream.Policy.Admission;
using SecureStream.Policy.Audit;
using SecureStream.Policy.Entitlements;
using SecureStream.Policy.Forwarding;
using SecureStream.Policy.PolicyFile;
using SecureStream.Policy.Redis;
using SecureStream.Policy.Sessions;
using SecureStream.Policy.SignedUrls;
using SecureStream.Policy.Tickets;
using SecureStream.Policy.Tokens;
using SecureStream.Proxy.ClientAddresses;
using SecureStream.Proxy.Forwarding;
using SecureStream.Proxy.RequestShape;
using SecureStream.Proxy.Sessions;

namespace SecureStream.Proxy.Gate;

/// <summary>
/// The front door's decision, in the documented order, each step deny-by-default:
/// request shape → credential (signed link or JWT, never both) → camera exists and operator
/// entitled → concurrency cap and link use → admission webhook → audit record → ticket. Nothing is
/// forwarded unless every step said yes, and every decision leaves exactly one audit record.
/// </summary>
internal sealed partial class AccessGate(
    PolicyStore policy,
    ClientAddressResolver clientAddresses,
    SignedUrlValidator signedUrls,
    TokenLinkValidator tokens,
    ICameraCatalog cameras,
    ISessionCounter sessionLimiter,
    ILinkUseRegistry linkUses,
    AdmissionClient admission,
    AdmissionClosingQueue closings,
    IAuditWriter audit,
    RecentDenials denials,
    TicketIssuer tickets,
    IBarredCredentials kicked,
    SessionRegistry sessions,
    GateLimits limits,
    GateMetrics metrics,
    TimeProvider time,
    ILogger<AccessGate> logger)
{
    public async ValueTask<GateOutcome> EvaluateAsync(GateRequest request, CancellationToken cancellationToken)
    {
        var context = new GateContext(request, time.GetUtcNow());
        GateOutcome outcome;
        try
        {
            outcome = await EvaluateAsync(context, cancellationToken);
        }
        catch (SharedStateUnavailableException)
        {
            // Fail closed (docs/cluster.md): a limit that cannot be counted is not waived. Whatever
            // the step had taken (a session slot) was given back by its own finally.
            outcome = await DenyAsync(context, AccessReason.SharedStateUnavailable, null, cancellationToken);
        }

        // Every refusal is counted here, once, with the reason the client is sent (audit_unavailable
        // when its record could not be written); admissions where the session is added.
        if (!outcome.IsAllowed)
        {
            metrics.Deny(outcome.Reason);
        }

        return outcome;
    }

    private async ValueTask<GateOutcome> EvaluateAsync(GateContext context, CancellationToken cancellationToken)
    {
        var request = context.Request;
        var snapshot = policy.Current;
        context.Client = clientAddresses.Resolve(request.PeerAddress, request.RealIpHeader, request.ForwardedForHeader);
        context.Source = ClientSource.Of(context.Client.Address);

        // Cheapest first: a locked-out source is refused before anything is parsed or validated.
        if (limits.Lockout is { } lockout && await IsLockedOutAsync(lockout, context, cancellationToken))
        {
            return await DenyAsync(context, AccessReason.LockedOut, null, cancellationToken);
        }

        // Per source, so an IPv6 client cannot multiply its rate by rotating addresses in its /64.
        if (limits.RateLimiter is { } rateLimiter && !rateLimiter.TryAcquire(context.Source.Network.BaseAddress))
        {
            metrics.RateLimited();
            return await DenyAsync(context, AccessReason.RateLimited, null, cancellationToken);
        }

        if (limits.Pending is not { } pending)
        {
            return await EvaluateSourceAsync(context, snapshot, cancellationToken);
        }

        if (!pending.TryEnter(context.Source))
        {
            metrics.PendingLimited();
            return await DenyAsync(context, AccessReason.TooManyPending, null, cancellationToken);
        }

        try
        {
            return await EvaluateSourceAsync(context, snapshot, cancellationToken);
        }
        finally
        {
            pending.Exit(context.Source);
        }
    }

    /// <summary>
    /// The lockout check. When a shared lockout table cannot answer, a request that admits
    /// nothing (WHEP PATCH/DELETE on a live session, whose unguessable resource id is the
    /// capability, and CORS preflights) goes on, so a viewer can still hang up; an admission is
    /// refused 503 (docs/cluster.md).
    /// </summary>
    private static async ValueTask<bool> IsLockedOutAsync(Lockout.ISourceLockouts lockout, GateContext context, CancellationToken cancellationToken)
    {
        try
        {
            return await lockout.IsLockedOutAsync(context.Source, context.Now, cancellationToken);
        }
        catch (SharedStateUnavailableException) when (context.Request.Method is "PATCH" or "DELETE" or "OPTIONS")
        {
            return false;
        }
    }

    /// <summary>Everything after the per-source checks, holding one of the source's pending slots.</summary>
    private async ValueTask<GateOutcome> EvaluateSourceAsync(GateContext context, PolicySnapshot snapshot, CancellationToken cancellationToken)
    {
        var request = context.Request;
        var shape = RequestTargetParser.Parse(request.RawTarget, request.Method, limits.Shape, limits.ReservedNames(snapshot));
        if (!shape.IsAllowed)
        {
            return await DenyAsync(context, shape.Reason, shape.Detail, cancellationToken);
        }

        var target = shape.Target!;
        context.Target = target;

        switch (target.Kind)
        {
            case SignallingKind.WhepOptions:
                return GateOutcome.Preflight();
            case SignallingKind.WhepResource:
                return await ContinueSessionAsync(context, target, cancellationToken);
        }

        if (target.Kind == SignallingKind.WhepOffer && request.ContentLength is { } length && length > limits.MaxOfferBytes)
        {
            return await DenyAsync(context, AccessReason.BodyTooLarge, "offer larger than the limit", cancellationToken);
        }

        // Which of the camera's streams, not which camera: the same entitlement covers both.
        if (!CameraRenditions.TrySelect(target.Query, out var rendition))
        {
            return await DenyAsync(context, AccessReason.RenditionUnknown, null, cancellationToken);
        }

        var credential = await CheckCredentialAsync(context, snapshot, cancellationToken);
        context.Credential = credential;
        if (!credential.IsAllowed)
        {
            return await DenyAsync(context, credential.Reason, credential.Detail, cancellationToken);
        }

        var camera = target.Camera;
        if (await cameras.FindAsync(camera, cancellationToken) is not { } known)
        {
            // Unknown cameras answer exactly like cameras the operator may not open.
            return await DenyAsync(context, AccessReason.NotEntitled, "camera not registered", cancellationToken);
        }

        var entitlement = snapshot.Entitlements.Check(credential.Operator, camera, context.Now);
        context.OperatorKey = entitlement.OperatorKey;
        if (!entitlement.IsAllowed)
        {
            return await DenyAsync(context, entitlement.Reason, null, cancellationToken);
        }

        var forward = snapshot.Forwarding.Build(target.Query, camera, known.FixedQueryNames);
        if (!forward.IsAllowed)
        {
            var refused = forward.Reason == AccessReason.ForwardParamConflict
                ? "forwarded parameter names one the camera URL has"
                : "forwarded query value refused";
            return await DenyAsync(context, forward.Reason, refused, cancellationToken);
        }

        if (await kicked.IsBarredAsync(credential.CredentialId, cancellationToken))
        {
            return await DenyAsync(context, AccessReason.CredentialKicked, null, cancellationToken);
        }

        // The pool, the link's share and the source's share (docs/policy-file-sections.md); a
        // snapshot takes a place in the snapshot pool instead (docs/snapshots.md, "Limits").
        IDisposable lease;
        if (target.Kind == SignallingKind.Snapshot && limits.Snapshots is { } snapshots)
        {
            if (SnapshotSlot.TryTake(snapshots, context.Source) is not { } slot)
            {
                return await DenyAsync(context, AccessReason.SnapshotLimit, null, cancellationToken);
            }

            lease = slot;
        }
        else
        {
            var slot = await sessionLimiter.TryAcquireAsync(entitlement, credential.CredentialId, context.Client.Address, cancellationToken);
            if (slot.Lease is null)
            {
                return await DenyAsync(context, AccessReason.SessionLimit, slot.Refusal, cancellationToken);
            }

            lease = slot.Lease;
        }

        var admitted = false;
        try
        {
            if (credential.LinkId is { } linkId && snapshot.MaxUsesPerLinkId > 0 &&
                !await linkUses.TryUseAsync(linkId, snapshot.MaxUsesPerLinkId, credential.LinkExpires ?? context.Now.AddDays(1), cancellationToken))
            {
                return await DenyAsync(context, AccessReason.LinkReused, null, cancellationToken);
            }

            var url = BuildRequestUrl(request, target);
            var step = new WebhookVerdict(AccessReason.Allowed, null, credential.SessionEnd, camera, forward.Query, null);
            var webhookAdmitted = false;
            if (snapshot.Admission is { } endpoint)
            {
                step = await AskWebhookAsync(context, snapshot, endpoint, credential, url, step, cancellationToken);
                if (!step.IsAllowed)
                {
                    context.Detail = step.Detail;
                    return await DenyAsync(context, step.Reason, step.Detail, cancellationToken);
                }

                webhookAdmitted = true;
            }

            camera = step.Camera;
            var sessionEnd = step.SessionEnd;
            var newUrl = step.NewUrl;
            var forwardQuery = step.ForwardQuery;
            var served = camera == target.Camera ? known.Serve(rendition) : await ServedAfterRedirectAsync(camera, rendition, cancellationToken);

            var session = new AdmittedSession
            {
                Id = TicketIssuer.NewId(),
                Camera = camera,
                OperatorKey = entitlement.OperatorKey,
                CredentialKind = credential.Kind.ToCode(),
                CredentialId = credential.CredentialId,
                CredentialExpires = credential.LinkExpires,
                SigningKeyId = credential.KeyId,
                Protocol = ProtocolOf(target),
                ClientIp = context.Client.Address.ToString(),
                ClientPort = request.PeerPort,
                RealIp = RealIpOf(context),
                UserAgent = request.UserAgent,
                TraceId = request.TraceId,
                ClientTraceId = request.ClientTrace?.TraceId,
                Url = url,
                NewUrl = newUrl,
                StartedAt = context.Now,
                EndsAt = sessionEnd,
                WebhookAdmitted = webhookAdmitted,
                Lease = lease,
                Rendition = served,
            };
            context.SessionId = session.Id;
            // The allow decision and the session start are one journal append (adjacent lines, one
            // fsync, one wait), both on disk before anything is forwarded, or neither.
            if (!await WriteAdmissionAsync(context, session, newUrl is null ? null : "redirected by webhook", cancellationToken))
            {
                // Fail closed: an admission nobody could audit did not happen. The webhook was told
                // "opening", so it is owed its closing.
                if (webhookAdmitted)
                {
                    sessions.Add(session);
                    sessions.End(session, SessionEndReason.AuditFailed);
                }

                return GateOutcome.Deny(AccessReason.AuditUnavailable);
            }

            sessions.Add(session);
            admitted = true;
            metrics.Admit();
            var ticket = tickets.Issue(session.Id, camera, entitlement.OperatorKey, sessionEnd, forwardQuery, served);
            return new GateOutcome(AccessReason.Allowed, new GateAdmission(session, target.Kind, ForwardPathOf(target.Kind, camera, null), forwardQuery, ticket));
        }
        finally
        {
            if (!admitted)
            {
                // Idempotent: the session's end may have released it already.
                lease.Dispose();
            }
        }
    }

    /// <summary>WHEP PATCH/DELETE: the unguessable resource id is the capability, as RFC 9725 intends.</summary>
    private async ValueTask<GateOutcome> ContinueSessionAsync(GateContext context, ParsedTarget target, CancellationToken cancellationToken)
    {
        var live = sessions.TryGetByResource(target.ResourceId!, out var session);
        if (!live || !session!.AnswersTo(target.Camera))
        {
            // A session that ended a moment ago is the viewer's own hang-up crossing the end,
            // not a probe: say so in the record.
            var ended = !live && sessions.EndedRecently(target.ResourceId!, target.Camera);
            return await DenyAsync(context, ended ? AccessReason.SessionEnded : AccessReason.SessionNotFound, null, cancellationToken);
        }

        var ticket = tickets.Issue(session.Id, session.Camera, session.OperatorKey, session.EndsAt, string.Empty);
        var path = ForwardPathOf(SignallingKind.WhepResource, session.Camera, target.ResourceId);
        return new GateOutcome(AccessReason.Allowed, new GateAdmission(session, SignallingKind.WhepResource, path, string.Empty, ticket));
    }

    /// <summary>The rendition served on the camera a webhook's <c>new_url</c> moved the session to (one more catalog look-up, redirects only).</summary>
    private async ValueTask<CameraRendition> ServedAfterRedirectAsync(CameraPath camera, CameraRendition requested, CancellationToken cancellationToken) =>
        requested == CameraRendition.Main ? requested
            : (await cameras.FindAsync(camera, cancellationToken))?.Serve(requested) ?? CameraRendition.Main;

    private static IReadOnlyList<QueryPair> ParseForwardable(string? query)
    {
        if (string.IsNullOrEmpty(query))
        {
            return [];
        }

        var parsed = RequestTargetParser.Parse("/a/b?" + query, "GET", RequestShapeLimits.Default, new HashSet<string>(StringComparer.Ordinal));
        return parsed.IsAllowed ? parsed.Target!.Query : [];
    }

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : a < b ? a : b;

    internal static string ForwardPathOf(SignallingKind kind, CameraPath camera, string? resourceId) => kind switch
    {
        SignallingKind.WhepOffer => $"/{camera.App}/{camera.Stream}/whep",
        SignallingKind.WhepResource => $"/{camera.App}/{camera.Stream}/whep/{resourceId}",
        SignallingKind.Snapshot => $"/{camera.App}/{camera.Stream}/snapshot.jpg",
        _ => $"/{camera.App}/{camera.Stream}",
    };

    private static AuditProtocol ProtocolOf(ParsedTarget target) => target.Kind switch
    {
        SignallingKind.WebSocket => AuditProtocol.WebRtcWs,
        SignallingKind.Snapshot => AuditProtocol.Snapshot,
        _ => AuditProtocol.Whep,
    };

    /// <summary>The request URL as OME rebuilds it for the webhook: scheme, Host, explicit port, raw path and query.</summary>
    private static string BuildRequestUrl(GateRequest request, ParsedTarget target) =>
        SignedUrlCanonicalizer.BuildRequestUrl(request.Scheme, request.HostHeader, request.LocalPort, target.RawPath, target.Query);
}
