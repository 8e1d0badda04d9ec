using System.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using SecureStream.Policy.Access;
using SecureStream.Policy.Sessions;
using SecureStream.Proxy.Forwarding;
using SecureStream.Proxy.RequestShape;
using SecureStream.Proxy.Sessions;
using Yarp.ReverseProxy.Forwarder;

namespace SecureStream.Proxy.Gate;

/// <summary>
/// Runs the gate inside YARP's pipeline, so nothing is forwarded that the gate has not admitted,
/// and follows each admitted request to its end: a WebSocket closing, a WHEP session created or
/// deleted, or the origin refusing — each ends the session exactly once.
/// </summary>
internal sealed partial class GateMiddleware(RequestDelegate next, AccessGate gate, SessionRegistry sessions, GateLimits limits, ILogger<GateMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var request = BuildRequest(context);
        var outcome = await gate.EvaluateAsync(request, context.RequestAborted);
        WhepCors.AddResponseHeaders(context);
        if (outcome.IsPreflight)
        {
            WhepCors.WritePreflight(context);
            return;
        }

        if (!outcome.IsAllowed)
        {
            await GateErrorWriter.WriteAsync(context, outcome.Reason);
            return;
        }

        var admission = outcome.Admission!;
        var session = admission.Session;
        context.Features.Set(admission);
        if (admission.Kind == SignallingKind.WhepOffer && context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
        {
            // The gate refused a declared Content-Length over the limit; an offer without one
            // (chunked) is held to the same limit while it streams to the origin.
            bodyLimit.MaxRequestBodySize = limits.MaxOfferBytes;
        }

        // A kick or the origin's end cuts what carries the session (an OME WebSocket, a pending
        // offer, a snapshot). A request to the WHEP resource carries nothing: a DELETE ends the
        // session itself, and the origin's report of that end may arrive before its answer has
        // been relayed, which would reset the viewer's DELETE.
        var abort = admission.Kind == SignallingKind.WhepResource
            ? default
            : session.EndedToken.Register(static state => ((HttpContext)state!).Abort(), context);
        try
        {
            await next(context);
        }
        finally
        {
            // Stop tying the connection to the session first: ending the session below must not
            // reset the connection that is about to carry the answer.
            await abort.DisposeAsync();
            AfterForwarding(context, admission);
        }

        if (context.Features.Get<IForwarderErrorFeature>() is { } error && !context.Response.HasStarted)
        {
            // A body over the limit breaks forwarding on the client's side (YARP then sets 413):
            // that is the client's fault, not an origin to retry.
            var tooLarge = error.Error == ForwarderError.RequestBodyClient && context.Response.StatusCode == StatusCodes.Status413PayloadTooLarge;
            await GateErrorWriter.WriteAsync(context, tooLarge ? AccessReason.BodyTooLarge : AccessReason.OriginUnavailable);
        }
    }

    private void AfterForwarding(HttpContext context, GateAdmission admission)
    {
        var session = admission.Session;
        var error = context.Features.Get<IForwarderErrorFeature>()?.Error;
        var failed = error is not null;
        var status = context.Response.StatusCode;
        switch (admission.Kind)
        {
            case SignallingKind.WhepOffer when !failed && status == StatusCodes.Status201Created &&
                                               TryResourceId(context.Response.Headers.Location, out var resourceId):
                sessions.BindResource(session, resourceId);
                break;
            // 404: the origin had ended the session already (the viewer's DTLS close_notify got
            // there first, or its consent ran out); the viewer has left either way. Ending it here
            // closes it once even when the origin's own report cannot reach this front door.
            case SignallingKind.WhepResource when HttpMethods.IsDelete(context.Request.Method) && !failed &&
                                                  (status < 300 || status == StatusCodes.Status404NotFound):
                sessions.End(session, SessionEndReason.WhepDelete);
                break;
            case SignallingKind.WhepResource:
                break;
            case SignallingKind.Snapshot when !failed && status == StatusCodes.Status200OK:
                // One request is the whole session: it ends when the JPEG has been sent.
                session.AddBytesSent(context.Response.ContentLength ?? 0);
                sessions.End(session, SessionEndReason.SnapshotServed);
                break;
            case SignallingKind.WebSocket when status == StatusCodes.Status101SwitchingProtocols:
                // Upgraded: the signalling ran, so it ended on one side. An error after the
                // upgrade is the viewer dropping without a close (tab killed, network gone) unless
                // the forwarder blames the origin. YARP's own warning for the viewer's side is
                // filtered out (ViewerDropLogFilter): an expected end, said here without a stack trace.
                if (error is { } dropped && ViewerDropLogFilter.IsViewerDrop(dropped))
                {
                    Log.ViewerDropped(logger, session.Id, dropped);
                }

                sessions.End(session, error is ForwarderError.UpgradeRequestDestination or ForwarderError.UpgradeResponseDestination
                    ? SessionEndReason.OriginError
                    : SessionEndReason.HangUp);
                break;
            default:
                sessions.End(session, SessionEndReason.OriginRefused);
                break;
        }
    }

    private static bool TryResourceId(string? location, out string resourceId)
    {
        resourceId = string.Empty;
        if (string.IsNullOrEmpty(location))
        {
            return false;
        }

        var path = Uri.TryCreate(location, UriKind.Absolute, out var absolute) ? absolute.AbsolutePath : location;
        var slash = path.LastIndexOf('/');
        resourceId = slash >= 0 ? path[(slash + 1)..] : string.Empty;
        return resourceId.Length > 0;
    }

    private static GateRequest BuildRequest(HttpContext context)
    {
        var http = context.Request;
        var connection = context.Connection;
        var tls = http.IsHttps;
        var scheme = context.WebSockets.IsWebSocketRequest ? (tls ? "wss" : "ws") : (tls ? "https" : "http");
        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? (http.Path + http.QueryString);
        return new GateRequest(
            rawTarget,
            http.Method,
            scheme,
            http.Headers.Host.ToString(),
            connection.LocalPort,
            connection.RemoteIpAddress ?? System.Net.IPAddress.None,
            connection.RemotePort,
            Single(http.Headers["X-Real-IP"]),
            Single(http.Headers["X-Forwarded-For"]),
            Single(http.Headers.UserAgent),
            http.Headers.Authorization.Count > 1 ? "invalid" : Single(http.Headers.Authorization),
            http.ContentLength,
            GateTrace.IdOf(context),
            ClientTraceParent.TryParse(http.Headers[ClientTraceParent.HeaderName], out var clientTrace) ? clientTrace : null);
    }

    private static string? Single(Microsoft.Extensions.Primitives.StringValues values) =>
        values.Count == 0 ? null : values.ToString();
}
