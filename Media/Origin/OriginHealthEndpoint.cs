using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace SecureStream.Media.Origin;

/// <summary>
/// <c>GET</c> (or <c>HEAD</c>) <see cref="Path"/> on the origin listener: whether this origin can
/// take viewers now, for the front doors' active health checks (docs/cluster.md, "Origin health").
/// 200 <c>ok</c> once the process has finished starting (the start loads the camera registry, and
/// a failure stops the process) while the media (ICE) port is bound, and until it begins to stop;
/// 503 <c>unavailable</c> before and after, and while a taken media port is being retried. Unauthenticated, so it says nothing else: no
/// camera, no count, no version.
/// </summary>
public static class OriginHealthEndpoint
{
    /// <summary>
    /// The probe path. Its first segment begins with a dot, which the camera name alphabet forbids
    /// at the start of an app name (docs/cameras.md), so no camera <c>app/stream</c> can ever be it.
    /// </summary>
    public const string Path = "/.origin/health";

    /// <summary>True for a probe of <see cref="Path"/>; any other method on it is an unknown route (404).</summary>
    internal static bool Handles(HttpRequest request) =>
        (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)) &&
        string.Equals(request.Path.Value, Path, StringComparison.Ordinal);

    internal static Task WriteAsync(HttpContext context)
    {
        var lifetime = context.RequestServices.GetRequiredService<IHostApplicationLifetime>();
        var ready = lifetime.ApplicationStarted.IsCancellationRequested && !lifetime.ApplicationStopping.IsCancellationRequested
            && context.RequestServices.GetRequiredService<Hosting.IMediaPortState>().IsBound;
        var response = context.Response;

        // A probe must see this moment's state, never a cached answer.
        response.Headers.CacheControl = "no-store";
        response.StatusCode = ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
        response.ContentType = "text/plain; charset=utf-8";
        return HttpMethods.IsHead(context.Request.Method) ? Task.CompletedTask : response.WriteAsync(ready ? "ok" : "unavailable", context.RequestAborted);
    }
}
