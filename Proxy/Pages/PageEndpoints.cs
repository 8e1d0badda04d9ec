using System.Net;
using SecureStream.DemoCameras;
using SecureStream.Policy.Access;
using SecureStream.Policy.Audit;
using SecureStream.Proxy.ClientAddresses;
using SecureStream.Proxy.Gate;

namespace SecureStream.Proxy.Pages;

/// <summary>
/// The viewer pages on the HTTP and HTTPS listeners (the management listener clears these routes
/// and answers only its own): <c>/</c> the demo wall, <c>/play/{app}/{stream}</c> the player,
/// <c>/console/assets/{file}</c> their scripts and stylesheet, <c>/favicon.ico</c>, and, only while demo
/// cameras are enabled, <c>/console/wall/links</c>. Every path has three segments or fewer and
/// is a GET, so none can be mistaken for signalling (<c>/{app}/{stream}</c> WebSocket,
/// <c>POST /{app}/{stream}/whep</c>, <c>/{app}/{stream}/whep/{id}</c>): those still reach the gate.
/// </summary>
internal static class PageEndpoints
{
    /// <summary>Where the page files are served from.</summary>
    public const string AssetPrefix = "/console/assets/";

    /// <summary>The demo wall's link list.</summary>
    public const string WallLinksPath = "/console/wall/links";

    /// <summary>Maps the pages. Call before <c>MapReverseProxy</c>; literal routes win over its catch-all either way.</summary>
    public static void Map(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var assets = PageAssets.Load();
        var wall = assets.Find(PageAssets.WallPage) ?? throw new InvalidOperationException("The wall page is not embedded.");
        var player = assets.Find(PageAssets.PlayerPage) ?? throw new InvalidOperationException("The player page is not embedded.");

        app.MapGet("/", (HttpContext context) => WritePage(context, wall));
        app.MapGet("/play/{app}/{stream}", (HttpContext context, string app, string stream) =>
            CameraPath.IsSafeName(app) && CameraPath.IsSafeName(stream)
                ? WritePage(context, player)
                : NotFound(context));
        // Browsers ask every origin for an icon; without this each page view would add a
        // malformed_target refusal to the audit journal. There is no icon: 204.
        app.MapGet("/favicon.ico", (HttpContext context) =>
        {
            PageSecurityHeaders.Apply(context.Response);
            context.Response.StatusCode = StatusCodes.Status204NoContent;
        });
        app.MapGet(AssetPrefix + "{name}", (HttpContext context, string name) =>
            assets.Find(name) is { } asset && !asset.Name.EndsWith(".html", StringComparison.Ordinal)
                ? WriteAsset(context, asset)
                : NotFound(context));

        if (app.Configuration.GetValue("DemoCameras:Enabled", defaultValue: false))
        {
            app.MapGet(WallLinksPath, WriteWallLinksAsync);
        }
    }

    /// <summary>
    /// The pages themselves are never stored: their URL carries a credential, and a cached copy
    /// would keep it on disk under that URL.
    /// </summary>
    internal static Task WritePage(HttpContext context, PageAsset page)
    {
        PageSecurityHeaders.Apply(context.Response);
        context.Response.Headers.CacheControl = "no-store";
        return WriteBytes(context, page);
    }

    /// <summary>Scripts and styles hold no credential: revalidate, so a new build is picked up at once.</summary>
    internal static Task WriteAsset(HttpContext context, PageAsset asset)
    {
        PageSecurityHeaders.Apply(context.Response);
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers.ETag = asset.ETag;
        if (context.Request.Headers.IfNoneMatch == asset.ETag)
        {
            context.Response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }

        return WriteBytes(context, asset);
    }

    private static Task WriteBytes(HttpContext context, PageAsset asset)
    {
        context.Response.ContentType = asset.ContentType;
        context.Response.ContentLength = asset.Content.Length;
        return HttpMethods.IsHead(context.Request.Method)
            ? Task.CompletedTask
            : context.Response.Body.WriteAsync(asset.Content, context.RequestAborted).AsTask();
    }

    // The same answer as any other path that is not a route, so page paths cannot be told apart by probing.
    private static Task NotFound(HttpContext context) => GateErrorWriter.WriteAsync(context, AccessReason.MalformedTarget);

    /// <summary>
    /// The wall's links: only for a client <see cref="WallClients"/> admits (else 403
    /// <c>demo_wall_client_not_allowed</c> or 429 <c>rate_limited</c>, unaudited), signed with
    /// the demo wall's key, one <c>demo.link_issued</c> audit record per issuance; no record, no
    /// links (503 <c>audit_unavailable</c>).
    /// </summary>
    private static async Task WriteWallLinksAsync(HttpContext context)
    {
        var services = context.RequestServices;
        PageSecurityHeaders.Apply(context.Response);
        // The answer is a list of credentials: never cached, never shown to another origin.
        context.Response.Headers.CacheControl = "no-store";
        var headers = context.Request.Headers;
        var realIp = headers["X-Real-IP"];
        var forwardedFor = headers["X-Forwarded-For"];
        var client = services.GetRequiredService<ClientAddressResolver>().Resolve(
            context.Connection.RemoteIpAddress ?? IPAddress.None,
            realIp.Count == 0 ? null : realIp.ToString(),
            forwardedFor.Count == 0 ? null : forwardedFor.ToString());
        var admitted = services.GetRequiredService<WallClients>().Admit(client, realIp.Count > 0 || forwardedFor.Count > 0);
        if (admitted != AccessReason.Allowed)
        {
            await GateErrorWriter.WriteAsync(context, admitted);
            return;
        }

        var server = services.GetRequiredService<DemoCameraServer>();
        var issuer = services.GetRequiredService<WallLinkIssuer>();
        if (!issuer.TryIssue(context.Request, server.ClipNames, out var links, out var expires))
        {
            await GateErrorWriter.WriteAsync(context, AccessReason.UnknownHost);
            return;
        }

        var record = new DemoLinksIssuedRecord
        {
            Time = services.GetRequiredService<TimeProvider>().GetUtcNow(),
            TraceId = GateTrace.IdOf(context),
            ClientIp = client.Address,
            ClientIpSource = client.Source switch
            {
                ClientAddressSource.XRealIp => ClientIpSource.XRealIp,
                ClientAddressSource.XForwardedFor => ClientIpSource.XForwardedFor,
                _ => ClientIpSource.Peer,
            },
            KeyId = issuer.KeyId,
            App = WallLinkIssuer.DemoApp,
            Links = links.Count,
            ExpiresAt = expires,
        };
        if (!await services.GetRequiredService<IAuditWriter>().WriteAsync(record, context.RequestAborted))
        {
            await GateErrorWriter.WriteAsync(context, AccessReason.AuditUnavailable);
            return;
        }

        await context.Response.WriteAsJsonAsync(links, PagesJsonContext.Default.IReadOnlyListWallLink, contentType: null, cancellationToken: context.RequestAborted);
    }
}
