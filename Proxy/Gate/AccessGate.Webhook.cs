using Microsoft.Extensions.Logging;
using SecureStream.Policy.Access;
using SecureStream.Policy.Admission;
using SecureStream.Policy.PolicyFile;
using SecureStream.Policy.Tickets;
using SecureStream.Proxy.ClientAddresses;

namespace SecureStream.Proxy.Gate;

internal sealed partial class AccessGate
{
    /// <summary>
    /// Asks the admission webhook and applies its answer to <paramref name="admitted"/> (the
    /// session as it stands without the webhook).
    /// </summary>
    /// <remarks>
    /// Security invariants (docs/webhooks.md "Answer ranges"): <c>lifetime</c> only within
    /// 0…<see cref="AdmissionResponseParser.MaxLifetimeMs"/> and only ever shortening the session;
    /// <c>new_url</c> only to a registered camera that the credential itself covers (a JWT's
    /// <c>cam</c> patterns; a signed link only its own camera) and the operator is entitled to.
    /// Every failure of the answer — out of range, unreadable, a refused <c>new_url</c>, an
    /// exception — is a refusal value, never a 500; and when the receiver may believe it admitted
    /// the session (HTTP 200 not saying <c>"allowed": false</c>, or an exception after the call),
    /// it gets exactly one closing.
    /// </remarks>
    private async ValueTask<WebhookVerdict> AskWebhookAsync(
        GateContext context, PolicySnapshot snapshot, AdmissionEndpoint endpoint, CredentialCheck credential,
        string url, WebhookVerdict admitted, CancellationToken cancellationToken)
    {
        var request = context.Request;
        AdmissionDecision? decision = null;
        WebhookVerdict verdict;
        try
        {
            decision = await admission.OpenAsync(endpoint, new AdmissionRequest(
                request.PeerAddress.ToString(),
                request.PeerPort,
                RealIpOf(context),
                request.UserAgent,
                url,
                context.Now,
                // The viewer's trace, continued by this request's span (docs/webhooks.md); without one, the gateway's own.
                request.ClientTrace?.ContinuedByCurrentSpan()), cancellationToken);
            context.WebhookOutcome = decision.Outcome;
            context.WebhookLatency = decision.Latency;
            await WriteWebhookCallAsync(context, decision, cancellationToken);
            verdict = decision.IsAllowed
                ? await ApplyAnswerAsync(context, snapshot, credential, decision, url, admitted, cancellationToken)
                : admitted.Refuse(decision.Reason, null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // The last line of defence on the access path: any failure is a refusal value, never a 500.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            WebhookLog.AnswerFailed(logger, exception.GetType().Name, request.TraceId);
            context.WebhookOutcome ??= AdmissionOutcome.MalformedResponse;
            verdict = admitted.Refuse(AccessReason.WebhookUnavailable, "webhook answer could not be applied");
        }

        var receiverMayHaveAdmitted = decision is null || (decision.HttpStatus == 200 && decision.Outcome != AdmissionOutcome.Denied);
        if (!verdict.IsAllowed && receiverMayHaveAdmitted)
        {
            SendClosing(context, endpoint, url);
        }

        return verdict;
    }

    private async ValueTask<WebhookVerdict> ApplyAnswerAsync(
        GateContext context, PolicySnapshot snapshot, CredentialCheck credential, AdmissionDecision decision,
        string url, WebhookVerdict admitted, CancellationToken cancellationToken)
    {
        var verdict = admitted;
        if (decision.LifetimeMs is { } lifetime)
        {
            // The parser already refuses these; checked again because AddMilliseconds throws past them.
            if (lifetime is <= 0 or > AdmissionResponseParser.MaxLifetimeMs)
            {
                return admitted.Refuse(AccessReason.WebhookUnavailable, "webhook lifetime out of range");
            }

            verdict = verdict with { SessionEnd = Earliest(verdict.SessionEnd, context.Now.AddMilliseconds(lifetime)) };
        }

        if (string.IsNullOrEmpty(decision.NewUrl))
        {
            return verdict;
        }

        var redirect = AdmissionRedirect.TryResolve(decision.NewUrl, url, out var redirected, out var redirectedQuery);
        if (redirect != AccessReason.Allowed)
        {
            return admitted.Refuse(AccessReason.WebhookRedirectRefused, "webhook new_url refused");
        }

        // The webhook may move a session only within what the credential itself grants and the
        // operator may open: never widen a token's cam or move a link off the path it was signed for.
        if (!CredentialCovers(credential, admitted.Camera, redirected))
        {
            return admitted.Refuse(AccessReason.WebhookRedirectRefused, "webhook new_url outside the credential's cameras");
        }

        if (await cameras.FindAsync(redirected, cancellationToken) is not { } target ||
            !snapshot.Entitlements.Check(credential.Operator, redirected, context.Now).IsAllowed)
        {
            return admitted.Refuse(AccessReason.WebhookRedirectRefused, "webhook new_url refused");
        }

        var forward = snapshot.Forwarding.Build(ParseForwardable(redirectedQuery), redirected, target.FixedQueryNames);
        if (!forward.IsAllowed)
        {
            return admitted.Refuse(AccessReason.WebhookRedirectRefused, "webhook new_url query refused");
        }

        return verdict with { Camera = redirected, ForwardQuery = forward.Query, NewUrl = decision.NewUrl };
    }

    /// <summary>A JWT covers the cameras its <c>cam</c> patterns match; a signed link only the camera it was signed for.</summary>
    private static bool CredentialCovers(CredentialCheck credential, CameraPath requested, CameraPath target)
    {
        if (credential.CameraScope is not { } scope)
        {
            return target == requested;
        }

        foreach (var pattern in scope)
        {
            if (pattern.Matches(target))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The one closing owed for an opening that did not become a session. Its session id goes into
    /// the decision record, so the receiver's closing and the audit trail can be matched.
    /// </summary>
    private void SendClosing(GateContext context, AdmissionEndpoint endpoint, string url)
    {
        context.SessionId ??= TicketIssuer.NewId();
        var request = context.Request;
        var closing = new ClosingRequest(
            request.PeerAddress.ToString(), request.PeerPort, RealIpOf(context), request.UserAgent, url, null, context.Now, context.SessionId, 0, 0);
        if (!closings.Enqueue(endpoint, closing))
        {
            WebhookLog.ClosingDropped(logger, request.TraceId);
        }
    }

    private static string? RealIpOf(GateContext context) =>
        context.Client.Source == ClientAddressSource.Peer ? null : context.Client.Address.ToString();

    private static partial class WebhookLog
    {
        [LoggerMessage(EventId = 1691, EventName = "WebhookAnswerFailed", Level = LogLevel.Warning,
            Message = "Applying the admission webhook's answer failed ({ExceptionType}); refused with webhook_unavailable (trace {TraceId})")]
        public static partial void AnswerFailed(ILogger logger, string exceptionType, string traceId);

        [LoggerMessage(EventId = 1692, EventName = "RefusedOpeningClosingDropped", Level = LogLevel.Warning,
            Message = "The closing for a refused webhook opening was dropped: the closing queue is full (trace {TraceId})")]
        public static partial void ClosingDropped(ILogger logger, string traceId);
    }
}
