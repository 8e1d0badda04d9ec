using SecureStream.Proxy.Management;
using SecureStream.Proxy.Pages;

namespace SecureStream.Proxy.OperatorConsole;

/// <summary>
/// The operator console on the management listener (docs/console.md): <c>/console</c>, one page,
/// and <c>/console/assets/{file}</c>, its scripts and stylesheet, embedded in the assembly like the
/// viewer pages and sent with the same headers (<see cref="PageSecurityHeaders"/>: this origin's
/// scripts only, nothing inline, no framing, no referrer). The page and its files answer without
/// the management token because they hold no data: every figure the page shows comes from the
/// management API, which the page calls with the token the administrator typed in.
/// </summary>
internal static class OperatorConsoleEndpoints
{
    /// <summary>The console page.</summary>
    public const string PagePath = "/console";

    /// <summary>Where its files are served from.</summary>
    public const string AssetPrefix = "/console/assets/";

    /// <summary>The page's file among the assets.</summary>
    public const string PageFile = "console.html";

    private const string ResourcePrefix = "SecureStream.Proxy.OperatorConsole.Assets.";

    /// <summary>
    /// Whether the management pipeline lets <paramref name="path"/> through without a token: the
    /// page and a single-segment asset name only. Anything else under <c>/console</c> needs the
    /// token like every other management path, so the exemption cannot grow by accident.
    /// </summary>
    public static bool IsPublic(PathString path)
    {
        if (path == PagePath)
        {
            return true;
        }

        var value = path.Value;
        return value is not null
            && value.Length > AssetPrefix.Length
            && value.StartsWith(AssetPrefix, StringComparison.Ordinal)
            && value.IndexOf('/', AssetPrefix.Length) < 0;
    }

    /// <summary>Maps the page and its files on the management listener's endpoints.</summary>
    public static void MapOperatorConsole(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var assets = PageAssets.Load(ResourcePrefix);
        var page = assets.Find(PageFile) ?? throw new InvalidOperationException("The operator console page is not embedded.");

        endpoints.MapGet(PagePath, (HttpContext context) => PageEndpoints.WritePage(context, page));
        endpoints.MapGet(AssetPrefix + "{name}", (HttpContext context, string name) =>
            assets.Find(name) is { } asset && !asset.Name.EndsWith(".html", StringComparison.Ordinal)
                ? PageEndpoints.WriteAsset(context, asset)
                : NotFound(context));
    }

    // The management API's own 404, so a console path that is not a file looks like any other.
    private static Task NotFound(HttpContext context)
    {
        PageSecurityHeaders.Apply(context.Response);
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return ManagementReply.WriteAsync(context.Response, 404, "Not Found");
    }
}
