using System.Reflection;
using System.Text.Json;
using Microsoft.Playwright;

namespace SecureStream.FirstFrame;

/// <summary>
/// Debian's headless Chromium through Playwright (never <c>playwright install</c>), with the flags a
/// loopback WebRTC peer needs. The measuring page (<c>first-frame.html</c>, embedded) is served by a
/// Playwright route at the front door's own origin, so its WHEP fetch is same-origin and nothing
/// else listens. One page per viewer.
/// </summary>
internal sealed class ChromiumViewers : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--allow-loopback-in-peer-connection",
        "--disable-features=WebRtcHideLocalIpsWithMdns",
    ];

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private readonly IBrowserContext _context;
    private readonly string _pageUrl;

    private ChromiumViewers(IPlaywright playwright, IBrowser browser, IBrowserContext context, string pageUrl)
    {
        _playwright = playwright;
        _browser = browser;
        _context = context;
        _pageUrl = pageUrl;
    }

    public static async Task<ChromiumViewers> LaunchAsync(int frontDoorPort)
    {
        var html = ReadPage();
        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = ChromiumPath, Headless = true, Args = ChromiumArgs });
            var context = await browser.NewContextAsync();
            var pageUrl = $"http://127.0.0.1:{frontDoorPort}/__first-frame.html";
            await context.RouteAsync(pageUrl, route => route.FulfillAsync(new() { Status = 200, ContentType = "text/html", Body = html }));
            return new ChromiumViewers(playwright, browser, context, pageUrl);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    /// <summary>Opens a page and starts a WHEP viewer on it; the result says when the first frame came (or why none did).</summary>
    public async Task<(IPage Page, ViewerResult Result)> StartViewerAsync(Uri whepLink, int timeoutMs)
    {
        var page = await _context.NewPageAsync();
        await page.GotoAsync(_pageUrl);
        try
        {
            var json = await page.EvaluateAsync<JsonElement>("([url, timeout]) => window.startViewer(url, timeout)", new object[] { whepLink.ToString(), timeoutMs });
            return (page, Read(json));
        }
        catch (PlaywrightException exception)
        {
            return (page, new ViewerResult(Redaction.Redact(exception.Message), null, null, null, null, 0, 0));
        }
    }

    /// <summary>Hangs up (WHEP DELETE) and closes the page.</summary>
    public static async Task StopViewerAsync(IPage page)
    {
        try
        {
            await page.EvaluateAsync("() => window.stopViewer()");
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _context.DisposeAsync();
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }

    private static ViewerResult Read(JsonElement json)
    {
        static double? Number(JsonElement e, string name) =>
            e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;
        static string? Text(JsonElement e, string name) =>
            e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        return new ViewerResult(
            Text(json, "error"),
            Text(json, "method"),
            Number(json, "answerMs"),
            Number(json, "connectedMs"),
            Number(json, "firstFrameMs"),
            (int)(Number(json, "width") ?? 0),
            (int)(Number(json, "height") ?? 0));
    }

    private static string ReadPage()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("first-frame.html")
            ?? throw new InvalidOperationException("first-frame.html is not embedded");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
