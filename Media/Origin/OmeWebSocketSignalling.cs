using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using SecureStream.Media.WebRtc.Ice;
using SecureStream.Media.WebRtc.Sessions;
using SecureStream.Policy.Access;
using SecureStream.Policy.Sessions;
using SecureStream.Policy.Tickets;

namespace SecureStream.Media.Origin;

/// <summary>
/// The origin side of the OME WebSocket protocol (docs/playback.md), what the unmodified
/// OvenPlayer speaks: <c>request_offer</c> → our offer with <c>id</c>, <c>peer_id: 0</c> and
/// candidates → the browser's answer → media. The socket carries the session: closing it or
/// <c>stop</c> hangs up, and a session ended elsewhere closes it. Errors are
/// <c>{"code","error"}</c> and then close, as OME does, with our precise reason codes.
/// </summary>
internal sealed class OmeWebSocketSignalling(
    OriginGate gate,
    WebRtcSessionFactory sessions,
    OriginViewers viewers,
    ViewerTranscoding transcoding)
{
    /// <summary>Bigger than any answer SDP we accept (<see cref="Sdp.SdpLimits.MaxBytes"/>) plus its JSON.</summary>
    private const int MaxMessageBytes = 80 * 1024;

    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(30);

    public async Task RunAsync(HttpContext context, CameraPath camera)
    {
        // The ticket and the camera are checked before the upgrade is accepted: a refused request
        // gets a plain HTTP answer (401/404) and never a 101, so it costs no socket and no
        // WebSocket state (docs/security.md, "Demo wall, anonymous sessions and the origin").
        var aborted = context.RequestAborted;
        var refusal = gate.CheckTicket(context.Request.Headers[TicketIssuer.HeaderName], camera, out var ticket);
        var registration = refusal is null ? await gate.FindCameraAsync(ticket!, aborted) : null;
        if (refusal is not null || registration is null)
        {
            await OriginResponses.WriteProblemAsync(context, refusal ?? OriginRefusal.CameraNotFound);
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var request = await ReceiveAsync(socket, RequestTimeout, aborted);
        var signalledAt = sessions.SignallingStarted();
        if (request?.Command != OmeSignallingMessage.RequestOffer)
        {
            await SendErrorAndCloseAsync(socket, new OriginRefusal(400, "request_offer_expected"), aborted);
            return;
        }

        var admission = await gate.SubscribeAsync(ticket!, registration, aborted);
        if (!admission.IsAdmitted)
        {
            await SendErrorAndCloseAsync(socket, admission.Refusal, aborted);
            return;
        }

        WebRtcSession? session = null;
        var registered = false;
        try
        {
            var pending = sessions.CreateOffer(admission.Subscription);
            if (!pending.IsValid)
            {
                await SendErrorAndCloseAsync(socket, OriginRefusal.Unplayable(pending.Reason), aborted);
                return;
            }

            var offerId = RandomNumberGenerator.GetInt32(1, int.MaxValue);
            await SendAsync(socket, WriteOffer(offerId, pending.Offer.Sdp, pending.Local.Candidates), aborted);
            // The player trickles its candidates, often before its answer: kept to name its path.
            var early = new List<string>();
            var answer = await ReceiveAsync(socket, AnswerTimeout, aborted, skip: OmeSignallingMessage.Candidate, skipped: early);
            if (answer?.Command != OmeSignallingMessage.Answer)
            {
                await SendErrorAndCloseAsync(socket, new OriginRefusal(400, "answer_expected"), aborted);
                return;
            }

            if (answer.Id != offerId)
            {
                await SendErrorAndCloseAsync(socket, new OriginRefusal(400, "Invalid ID"), aborted);
                return;
            }

            var created = sessions.Accept(ticket!.SessionId, pending, answer.Sdp, admission.Subscription, admission.Deadline, signalledAt);
            if (!created.IsCreated)
            {
                await SendErrorAndCloseAsync(socket, OriginRefusal.Of(created), aborted);
                return;
            }

            session = created.Session;
            session.AddRemoteCandidates(string.Join('\n', early));
            if (await transcoding.JoinAsync(session, admission.Subscription, admission, aborted) is { } transcoderRefusal)
            {
                await SendErrorAndCloseAsync(socket, transcoderRefusal, aborted);
                return;
            }
            var viewer = new OriginViewer(ticket.SessionId, null, camera, session) { AdmittedBy = ticket.AdmittedBy };
            registered = viewers.TryAdd(viewer);
            if (!registered)
            {
                await SendErrorAndCloseAsync(socket, OriginRefusal.SessionExists, aborted);
                return;
            }

            var reason = await RunSessionAsync(socket, session, viewer.EndReported, offerId, aborted);
            viewers.RequestEnd(ticket.SessionId, reason ?? SessionEndReason.HangUp);
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException)
        {
            // The player or the front door dropped the socket: a hang-up (ended in finally).
        }
        finally
        {
            if (session is null)
            {
                // No session took the subscription over.
                await admission.Subscription.DisposeAsync();
            }
            else if (registered)
            {
                // Does nothing when the session already ended; otherwise the socket went away.
                viewers.RequestEnd(ticket!.SessionId, SessionEndReason.HangUp);
            }
            else
            {
                await session.DisposeAsync();
            }
        }
    }

    /// <summary>Reads client messages until stop, close or the session ending; returns the hang-up reason or null.</summary>
    private static async Task<SessionEndReason?> RunSessionAsync(WebSocket socket, WebRtcSession session, Task viewersEnd, int offerId, CancellationToken aborted)
    {
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        _ = session.Ended.ContinueWith(static (_, state) => ((CancellationTokenSource)state!).Cancel(), ended,
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        try
        {
            while (true)
            {
                var message = await ReceiveAsync(socket, Timeout.InfiniteTimeSpan, ended.Token);
                if (message is null || message.Command == OmeSignallingMessage.Stop)
                {
                    return SessionEndReason.HangUp;
                }

                if (message.Command == OmeSignallingMessage.Answer && message.Id != offerId)
                {
                    await SendAsync(socket, WriteError(400, "Invalid ID"), ended.Token);
                }

                // Late candidates are only noted, to name the path (ICE-lite learns addresses from
                // the checks); other commands are ignored.
                if (message.Command == OmeSignallingMessage.Candidate)
                {
                    session.AddRemoteCandidates(string.Join('\n', message.Candidates));
                }
            }
        }
        catch (OperationCanceledException) when (session.Ended.IsCompleted && !aborted.IsCancellationRequested)
        {
            // Ended elsewhere (deadline, kick, camera, consent): tell the player, then close.
            var reason = await session.Ended;
            await viewersEnd;
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, reason.ToCode(), timeout.Token);
            }
            catch (Exception exception) when (exception is WebSocketException or OperationCanceledException)
            {
                // The player went away first.
            }

            return null;
        }
    }

    private static async Task<OmeSignallingMessage?> ReceiveAsync(
        WebSocket socket, TimeSpan timeout, CancellationToken cancellationToken, string? skip = null, List<string>? skipped = null)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (timeout != Timeout.InfiniteTimeSpan)
        {
            limit.CancelAfter(timeout);
        }

        var buffer = new byte[MaxMessageBytes];
        while (true)
        {
            var length = 0;
            ValueWebSocketReceiveResult result;
            do
            {
                if (length == buffer.Length)
                {
                    return OmeSignallingMessage.Malformed;
                }

                try
                {
                    result = await socket.ReceiveAsync(buffer.AsMemory(length), limit.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    return null;
                }

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return null;
                }

                length += result.Count;
            }
            while (!result.EndOfMessage);

            var message = OmeSignallingMessage.Parse(buffer.AsMemory(0, length));
            if (skip is null || message.Command != skip)
            {
                return message;
            }

            if (skipped is not null && skipped.Count < OmeSignallingMessage.MaxCandidates)
            {
                skipped.AddRange(message.Candidates.Take(OmeSignallingMessage.MaxCandidates - skipped.Count));
            }
        }
    }

    private static byte[] WriteOffer(int id, string sdp, IReadOnlyList<IceCandidate> candidates)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteString("command", "offer");
            json.WriteNumber("id", id);
            json.WriteNumber("peer_id", 0);
            json.WriteNumber("code", 200);
            json.WriteStartObject("sdp");
            json.WriteString("type", "offer");
            json.WriteString("sdp", sdp);
            json.WriteEndObject();
            json.WriteStartArray("candidates");
            foreach (var candidate in candidates)
            {
                json.WriteStartObject();
                json.WriteString("candidate", candidate.ToString());
                json.WriteNumber("sdpMLineIndex", 0);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return stream.ToArray();
    }

    private static byte[] WriteError(int code, string error)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteNumber("code", code);
            json.WriteString("error", error);
            json.WriteEndObject();
        }

        return stream.ToArray();
    }

    private static Task SendAsync(WebSocket socket, byte[] message, CancellationToken cancellationToken) =>
        socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);

    private static async Task SendErrorAndCloseAsync(WebSocket socket, OriginRefusal refusal, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            await SendAsync(socket, WriteError(refusal.Status, refusal.Reason), timeout.Token);
            await socket.CloseOutputAsync(WebSocketCloseStatus.PolicyViolation, refusal.Reason, timeout.Token);
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException)
        {
            // The player went away first.
        }
    }
}
