using Microsoft.Playwright;

namespace SecureStream.Proxy.Tests.Browser.Infrastructure;

/// <summary>
/// One headless Chromium for every browser test (a browser start costs a second or two of the
/// two shared cores); each test opens its own context, so cookies, storage and permissions never
/// leak between tests. The browser is Debian's <c>/usr/bin/chromium</c>, installed by
/// scripts/test.sh: Playwright's own browser downloads are never used (they cannot be fetched
/// here), and its bundled driver (node, in the test bin folder) is all it needs of Playwright.
/// A missing browser fails the tests loudly; they are never skipped.
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium";

    /// <summary>
    /// Headless in CI, no sandbox (root in a container), no GPU, nothing phoning home; WebRTC on
    /// loopback with real host addresses instead of mDNS names (the origin only knows 127.0.0.1);
    /// no QUIC, so every connection is the TCP the gateway listens on; autoplay without a gesture.
    /// </summary>
    public static readonly IReadOnlyList<string> Arguments =
    [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--allow-loopback-in-peer-connection",
        "--disable-features=WebRtcHideLocalIpsWithMdns",
        "--autoplay-policy=no-user-gesture-required",
    ];

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("Chromium has not been started.");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException($"{ExecutablePath} is missing: the browser tests need Debian's chromium package (scripts/test.sh installs it).");
        }

        // The driver looks for its own browser builds only when no executable is given; this
        // makes sure it never tries to fetch one either.
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        _playwright = await Playwright.CreateAsync();
        // LaunchAsync gives the browser a fresh temporary user-data-dir of its own and deletes
        // it on close, so no profile state survives a run.
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = Arguments,
            Timeout = 60_000,
        });
    }

    /// <summary>A fresh context (own storage) whose pages record their peer connections (<see cref="WebRtcProbe"/>) and states (<see cref="BrowserPages"/>).</summary>
    public async Task<IBrowserContext> NewContextAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { IgnoreHTTPSErrors = true });
        context.SetDefaultTimeout(15_000);
        await context.AddInitScriptAsync(WebRtcProbe.RecordPeerConnectionsScript);
        await context.AddInitScriptAsync(BrowserPages.RecordStatesScript);
        return context;
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
    }
}
