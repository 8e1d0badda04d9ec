using Microsoft.AspNetCore.Http;
using SecureStream.Media.Origin;
using SecureStream.Policy.Access;
using SecureStream.Policy.Tickets;

namespace SecureStream.Media.Snapshots;

/// <summary>
/// <c>GET /{app}/{stream}/snapshot.jpg</c> on the origin: the front door's ticket first (nothing
/// bypasses the gate, no camera is contacted without it), then the snapshot.
/// </summary>
/// <remarks>
/// The JPEG is access-controlled: <c>Cache-Control: no-store</c>, so no browser or shared cache
/// keeps a copy past the credential that admitted it; <c>nosniff</c>, so it is only ever an image.
/// </remarks>
internal sealed class SnapshotEndpoint(OriginGate gate, SnapshotService snapshots)
{
    public const string Segment = "snapshot.jpg";

    public async Task GetAsync(HttpContext context, CameraPath camera)
    {
        ArgumentNullException.ThrowIfNull(context);
        var refusal = gate.CheckTicket(context.Request.Headers[TicketIssuer.HeaderName], camera, out var ticket);
        if (refusal is not null)
        {
            await OriginResponses.WriteProblemAsync(context, refusal);
            return;
        }

        var result = await snapshots.TakeAsync(ticket!, context.RequestAborted);
        if (!result.IsTaken)
        {
            await OriginResponses.WriteProblemAsync(context, result.Refusal);
            return;
        }

        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "image/jpeg";
        response.ContentLength = result.Jpeg.Length;
        response.Headers.CacheControl = "no-store";
        response.Headers.XContentTypeOptions = "nosniff";
        await response.Body.WriteAsync(result.Jpeg, context.RequestAborted);
    }
}
