using System.Buffers;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using SecureStream.Media.Sdp;
using SecureStream.Media.WebRtc.Sessions;
using SecureStream.Policy.Access;
using SecureStream.Policy.Sessions;
using SecureStream.Policy.Tickets;

namespace SecureStream.Media.Origin;

/// <summary>
/// The origin side of WHEP (RFC 9725, docs/playback.md): <c>POST</c> an offer → <c>201</c>, the
/// answer and an unguessable session resource; <c>PATCH</c> trickle ICE fragments; <c>DELETE</c>
/// ends the session; <c>OPTIONS</c>. Every request carries the front door's ticket; a PATCH or
/// DELETE must also carry the ticket of the session that owns the resource.
/// </summary>
internal sealed class WhepSignalling(OriginGate gate, WebRtcSessionFactory sessions, OriginViewers viewers, ViewerTranscoding transcoding)
{
    private const string SdpMediaType = "application/sdp";
    private const string TrickleMediaType = "application/trickle-ice-sdpfrag";

    public async Task OfferAsync(HttpContext context, CameraPath camera)
    {
        var signalledAt = sessions.SignallingStarted();
        var refusal = gate.CheckTicket(context.Request.Headers[TicketIssuer.HeaderName], camera, out var ticket);
        if (refusal is not null)
        {
            await OriginResponses.WriteProblemAsync(context, refusal);
            return;
        }

        if (!HasMediaType(context.Request, SdpMediaType))
        {
            await OriginResponses.WriteProblemAsync(context, OriginRefusal.UnsupportedMediaType);
            return;
        }

        var offer = await ReadBodyAsync(context.Request, SdpLimits.MaxBytes, context.RequestAborted);
        if (offer is null)
        {
            await OriginResponses.WriteProblemAsync(context, OriginRefusal.OfferTooLarge);
            return;
        }

        var registration = await gate.FindCameraAsync(ticket!, context.RequestAborted);
        if (registration is null)
        {
            await OriginResponses.WriteProblemAsync(context, OriginRefusal.CameraNotFound);
            return;
        }

        // The offer is read before the camera is subscribed: a junk offer must not start a pull.
        var read = WebRtcSessionFactory.ReadOffer(offer);
        if (!read.IsValid)
        {
            await OriginResponses.WriteProblemAsync(context, OriginRefusal.BadSdp(read.Reason));
            return;
        }

        var admission = await gate.SubscribeAsync(ticket!, registration, context.RequestAborted);
        if (!admission.IsAdmitted)
        {
            await OriginResponses.WriteProblemAsync(context, admission.Refusal);
            return;
        }

        var created = sessions.Create(ticket!.SessionId, read.Description, admission.Subscription, admission.Deadline, signalledAt);
        if (!created.IsCreated)
        {
            await admission.Subscription.DisposeAsync();
            await OriginResponses.WriteProblemAsync(context, OriginRefusal.Of(created));
            return;
        }

        OriginRefusal? transcoderRefusal;
        try
        {
            transcoderRefusal = await transcoding.JoinAsync(created.Session, admission.Subscription, admission, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            await created.Session.DisposeAsync();
            throw;
        }

        if (transcoderRefusal is not null)
        {
            await created.Session.DisposeAsync();
            await OriginResponses.WriteProblemAsync(context, transcoderRefusal);
            return;
        }

        var resourceId = TicketIssuer.NewId();
        if (!viewers.TryAdd(new OriginViewer(ticket.SessionId, resourceId, camera, created.Session) { AdmittedBy = ticket.AdmittedBy }))
        {
            await created.Session.DisposeAsync();
            await OriginResponses.WriteProblemAsync(context, OriginRefusal.SessionExists);
            return;
        }

        var response = context.Response;
        response.StatusCode = StatusCodes.Status201Created;
        response.ContentType = SdpMediaType;
        response.Headers.CacheControl = "no-store";
        response.Headers.Location = $"/{camera.App}/{camera.Stream}/whep/{resourceId}";
        // With its length, so the answer is one send, not a chunk and a terminating chunk (OriginResponses).
        var answer = Encoding.UTF8.GetBytes(created.Session.Answer);
        response.ContentLength = answer.Length;
        await response.Body.WriteAsync(answer, context.RequestAborted);
    }

    /// <summary>
    /// Trickle ICE: we are ICE-lite and learn the viewer's addresses from its checks, so candidates
    /// need no action (204) beyond noting their types, which name the path its media takes. A fragment with other credentials is an ICE restart, which needs a new
    /// session here: 422, as RFC 9725 asks of a server without restarts.
    /// </summary>
    public async Task PatchAsync(HttpContext context, CameraPath camera, string resourceId)
    {
        var viewer = await FindOwnedAsync(context, camera, resourceId);
        if (viewer is null)
        {
            return;
        }

        if (!HasMediaType(context.Request, TrickleMediaType))
        {
            await OriginResponses.WriteProblemAsync(context, OriginRefusal.UnsupportedMediaType);
            return;
        }

        var fragment = await ReadBodyAsync(context.Request, SdpLimits.MaxBytes, context.RequestAborted);
        if (fragment is null)
        {
            await OriginResponses.WriteProblemAsync(context, OriginRefusal.OfferTooLarge);
            return;
        }

        if (TrickleFragment.RequestsRestart(fragment, viewer.Session.RemoteUfrag))
        {
            await OriginResponses.WriteProblemAsync(context, new OriginRefusal(StatusCodes.Status422UnprocessableEntity, "ice_restart_unsupported"));
            return;
        }

        // Kept only to name the path the viewer's checks later take (relay, server-reflexive…).
        viewer.Session.AddRemoteCandidates(fragment);

        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    public async Task DeleteAsync(HttpContext context, CameraPath camera, string resourceId)
    {
        var viewer = await FindOwnedAsync(context, camera, resourceId);
        if (viewer is null)
        {
            return;
        }

        viewers.RequestEnd(viewer.SessionId, SessionEndReason.WhepDelete);
        context.Response.StatusCode = StatusCodes.Status200OK;
    }

    /// <summary>CORS preflight and discovery (RFC 9725 §4.1); the front door answers browsers' preflights itself.</summary>
    public static void Options(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status204NoContent;
        context.Response.Headers.Allow = "OPTIONS, POST, PATCH, DELETE";
        context.Response.Headers["Accept-Post"] = SdpMediaType;
        context.Response.Headers["Accept-Patch"] = TrickleMediaType;
    }

    private async Task<OriginViewer?> FindOwnedAsync(HttpContext context, CameraPath camera, string resourceId)
    {
        var refusal = gate.CheckTicket(context.Request.Headers[TicketIssuer.HeaderName], camera, out var ticket);
        if (refusal is not null)
        {
            await OriginResponses.WriteProblemAsync(context, refusal);
            return null;
        }

        // The resource id is the viewer's capability; the ticket must also be for the session behind it.
        // A session that is ending (its teardown still running) is gone for the viewer already.
        if (!viewers.TryGetByResource(resourceId, out var viewer) || viewer!.SessionId != ticket!.SessionId || viewer.Camera != camera ||
            viewer.Session.IsEnding)
        {
            await OriginResponses.WriteProblemAsync(context, OriginRefusal.SessionNotFound);
            return null;
        }

        return viewer;
    }

    private static bool HasMediaType(HttpRequest request, string expected) =>
        MediaTypeHeaderValue.TryParse(request.ContentType, out var type) &&
        type.MediaType.Equals(expected, StringComparison.OrdinalIgnoreCase);

    /// <summary>The body as UTF-8 text, or null when longer than <paramref name="limit"/> bytes (read no further).</summary>
    /// <remarks>
    /// Read into one pooled buffer of the limit's size plus one (a byte past the limit proves the
    /// body too long): an offer costs no buffer allocation of its own, only its string.
    /// </remarks>
    private static async Task<string?> ReadBodyAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(limit + 1);
        try
        {
            var length = 0;
            int read;
            while ((read = await request.Body.ReadAsync(buffer.AsMemory(length, limit + 1 - length), cancellationToken)) > 0)
            {
                length += read;
                if (length > limit)
                {
                    return null;
                }
            }

            // Invalid UTF-8 becomes U+FFFD, which the SDP reader refuses as not_utf8/control characters.
            return Encoding.UTF8.GetString(buffer, 0, length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
