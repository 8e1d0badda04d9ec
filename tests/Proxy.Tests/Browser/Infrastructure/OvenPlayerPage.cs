using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

namespace SecureStream.Proxy.Tests.Browser.Infrastructure;

/// <summary>
/// A page running the unmodified OvenPlayer npm build (tests/Proxy.Tests/Browser/player, locked
/// at 0.10.54 and installed by scripts/test.sh with <c>npm ci</c>) against a WebSocket signalling
/// URL, as an OME user's page would. The page and the player script come from a tiny static
/// server on loopback (another origin than the gateway, as in real use). Not from
/// <c>page.RouteAsync</c> on a made-up host: Chromium counts such a page as public, and its
/// local-network-access rules then block the WebSocket to 127.0.0.1 before it is even sent.
/// </summary>
public sealed class OvenPlayerPage : IAsyncDisposable
{
    private const string PageHtml = """
        <!doctype html>
        <html><head><meta charset="utf-8"><title>OvenPlayer</title>
        <script src="/ovenplayer.js"></script></head>
        <body><div id="player"></div></body></html>
        """;

    // OvenPlayer keeps its state to itself; these globals let the test read it.
    private const string CreateScript = """
        (file) => {
          window.__ovenStates = [];
          window.__ovenErrors = [];
          const sources = [{ type: 'webrtc', file }];
          const player = OvenPlayer.create('player', { autoStart: true, mute: true, sources });
          player.on('stateChanged', (data) => window.__ovenStates.push(data.newstate));
          player.on('error', (error) => window.__ovenErrors.push({ code: error.code, message: String(error.message ?? '') }));
          window.__oven = player;
          window.__ovenSources = sources;
        }
        """;

    private readonly WebApplication _server;

    private OvenPlayerPage(WebApplication server, IPage page)
    {
        _server = server;
        Page = page;
    }

    /// <summary>The ovenplayer.js the tests load, found by walking up from the test binaries to the repository.</summary>
    public static string ScriptPath { get; } = FindScript();

    /// <summary>The browser page the player runs in.</summary>
    public IPage Page { get; }

    /// <summary>Serves the page, opens it in <paramref name="context"/> and creates a player for <paramref name="webSocketUrl"/> (<c>ws://127.0.0.1:PORT/app/stream?…</c>).</summary>
    public static async Task<OvenPlayerPage> OpenAsync(IBrowserContext context, string webSocketUrl)
    {
        ArgumentNullException.ThrowIfNull(context);
        var script = await File.ReadAllBytesAsync(ScriptPath);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var server = builder.Build();
        server.MapGet("/", () => Results.Content(PageHtml, "text/html; charset=utf-8"));
        server.MapGet("/ovenplayer.js", () => Results.Bytes(script, "text/javascript; charset=utf-8"));
        await server.StartAsync();
        try
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync(server.Urls.First() + "/");
            await page.EvaluateAsync(CreateScript, webSocketUrl);
            return new OvenPlayerPage(server, page);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>The player's current state (<c>idle</c>, <c>loading</c>, <c>playing</c>, <c>error</c>…).</summary>
    public Task<string> StateAsync() => Page.EvaluateAsync<string>("() => window.__oven.getState()");

    /// <summary>Every state the player has passed through, in order.</summary>
    public async Task<IReadOnlyList<string>> StatesAsync()
    {
        var json = await Page.EvaluateAsync<JsonElement>("() => window.__ovenStates");
        return [.. json.EnumerateArray().Select(e => e.GetString() ?? string.Empty)];
    }

    /// <summary>The errors the player reported: its error code and message.</summary>
    public async Task<IReadOnlyList<(int Code, string Message)>> ErrorsAsync()
    {
        var json = await Page.EvaluateAsync<JsonElement>("() => window.__ovenErrors");
        return [.. json.EnumerateArray().Select(e => (e.GetProperty("code").GetInt32(), e.GetProperty("message").GetString() ?? string.Empty))];
    }

    private static string FindScript()
    {
        const string Relative = "tests/Proxy.Tests/Browser/player/node_modules/ovenplayer/dist/ovenplayer.js";
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "SecureStream.sln")))
            {
                var path = Path.Combine(directory.FullName, Relative);
                return File.Exists(path)
                    ? path
                    : throw new InvalidOperationException($"{path} is missing: run 'npm ci --prefix tests/Proxy.Tests/Browser/player' (scripts/test.sh does).");
            }
        }

        throw new InvalidOperationException("The repository root (SecureStream.sln) was not found above " + AppContext.BaseDirectory);
    }

    public async ValueTask DisposeAsync()
    {
        await Page.CloseAsync();
        await _server.DisposeAsync();
    }
}
