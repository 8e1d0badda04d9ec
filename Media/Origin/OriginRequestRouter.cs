using Microsoft.AspNetCore.Http;
using SecureStream.Media.Snapshots;
using SecureStream.Policy.Access;

namespace SecureStream.Media.Origin;

/// <summary>
/// The origin's signalling routes, matched strictly (the front door already refused anything
/// ambiguous; the origin checks again rather than trust the path):
/// <list type="bullet">
/// <item><c>GET /{app}/{stream}</c> WebSocket upgrade: OME protocol.</item>
/// <item><c>POST /{app}/{stream}/whep</c> or <c>POST /{app}/{stream}?direction=whep</c>: WHEP offer.</item>
/// <item><c>PATCH</c>/<c>DELETE /{app}/{stream}/whep/{resource}</c>: the WHEP session.</item>
/// <item><c>GET /{app}/{stream}/snapshot.jpg</c>: a JPEG of the latest keyframe (docs/snapshots.md).</item>
/// <item><c>OPTIONS</c> on any of them.</item>
/// <item><c>GET /.origin/health</c>: whether this origin can take viewers (<see cref="OriginHealthEndpoint"/>).</item>
/// </list>
/// Anything else is 404 without touching a camera.
/// </summary>
internal sealed class OriginRequestRouter(WhepSignalling whep, OmeWebSocketSignalling ome, SnapshotEndpoint snapshots, Hosting.IMediaPortState mediaPort)
{
    private const int MinResourceIdLength = 22;
    private const int MaxResourceIdLength = 64;

    private static readonly System.Buffers.SearchValues<char> Base64UrlCharacters =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        if (OriginHealthEndpoint.Handles(request))
        {
            await OriginHealthEndpoint.WriteAsync(context);
            return;
        }

        var segments = (request.Path.Value ?? string.Empty).Split('/');
        // A leading slash makes segments[0] empty: "/app/stream" → ["", "app", "stream"].
        if (segments.Length is < 3 or > 5 || segments[0].Length != 0 ||
            !CameraPath.IsSafeName(segments[1]) || !CameraPath.IsSafeName(segments[2]))
        {
            await OriginResponses.WriteProblemAsync(context, new OriginRefusal(404, "not_found"));
            return;
        }

        var camera = new CameraPath(segments[1], segments[2]);
        var method = request.Method;
        if (HttpMethods.IsOptions(method))
        {
            WhepSignalling.Options(context);
            return;
        }

        switch (segments.Length)
        {
            // Without the media port no session could carry media: refuse new sessions, retryable.
            case 3 when HttpMethods.IsGet(method) && context.WebSockets.IsWebSocketRequest && !mediaPort.IsBound:
            case 3 when HttpMethods.IsPost(method) && request.Query["direction"] == "whep" && !mediaPort.IsBound:
            case 4 when HttpMethods.IsPost(method) && segments[3] == "whep" && !mediaPort.IsBound:
                await OriginResponses.WriteProblemAsync(context, OriginRefusal.MediaPortUnbound);
                return;
            case 3 when HttpMethods.IsGet(method) && context.WebSockets.IsWebSocketRequest:
                await ome.RunAsync(context, camera);
                return;
            case 3 when HttpMethods.IsPost(method) && request.Query["direction"] == "whep":
            case 4 when HttpMethods.IsPost(method) && segments[3] == "whep":
                await whep.OfferAsync(context, camera);
                return;
            case 4 when HttpMethods.IsGet(method) && segments[3] == SnapshotEndpoint.Segment:
                await snapshots.GetAsync(context, camera);
                return;
            case 5 when segments[3] == "whep" && IsResourceId(segments[4]) && HttpMethods.IsPatch(method):
                await whep.PatchAsync(context, camera, segments[4]);
                return;
            case 5 when segments[3] == "whep" && IsResourceId(segments[4]) && HttpMethods.IsDelete(method):
                await whep.DeleteAsync(context, camera, segments[4]);
                return;
            default:
                await OriginResponses.WriteProblemAsync(context, new OriginRefusal(404, "not_found"));
                return;
        }
    }

    private static bool IsResourceId(string id) =>
        id.Length is >= MinResourceIdLength and <= MaxResourceIdLength &&
        !id.AsSpan().ContainsAnyExcept(Base64UrlCharacters);
}
