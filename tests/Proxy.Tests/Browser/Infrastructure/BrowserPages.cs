using Microsoft.Playwright;

namespace SecureStream.Proxy.Tests.Browser.Infrastructure;

/// <summary>Waits on SecureStream's own pages: they publish their state in <c>data-state</c> and their message in <c>#status</c>.</summary>
public static class BrowserPages
{
    /// <summary>
    /// Records every <c>data-state</c> the page's body takes, from the first, so a test can assert
    /// the path (e.g. retrying before playing) without racing the page. An init script: it runs
    /// before the page's own scripts, outside its Content-Security-Policy.
    /// </summary>
    public const string RecordStatesScript = """
        (() => {
          const states = [];
          Object.defineProperty(window, '__securestreamStates', { value: states });
          new MutationObserver((mutations) => {
            for (const m of mutations) {
              if (m.target === document.body && m.attributeName === 'data-state') states.push(document.body.dataset.state);
            }
          }).observe(document, { attributes: true, attributeFilter: ['data-state'], subtree: true });
        })();
        """;

    /// <summary>The states the page's body has taken since it loaded, in order (see <see cref="RecordStatesScript"/>).</summary>
    public static async Task<IReadOnlyList<string>> StateHistoryAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        return await page.EvaluateAsync<string[]>("() => [...window.__securestreamStates]");
    }

    /// <summary>Opens <paramref name="url"/> in a new page of <paramref name="context"/>.</summary>
    public static async Task<IPage> OpenAsync(IBrowserContext context, string url)
    {
        ArgumentNullException.ThrowIfNull(context);
        var page = await context.NewPageAsync();
        await page.GotoAsync(url);
        return page;
    }

    /// <summary>Waits (bounded by the context's timeout) until the page body's <c>data-state</c> is <paramref name="state"/>.</summary>
    public static Task WaitForStateAsync(IPage page, string state) =>
        page.WaitForFunctionAsync("(state) => document.body.dataset.state === state", state);

    /// <summary>The player page's status element: its text and the reason code it shows.</summary>
    public static async Task<(string Text, string Reason)> StatusAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var status = page.Locator("#status");
        return ((await status.TextContentAsync() ?? string.Empty).Trim(), await status.GetAttributeAsync("data-reason") ?? string.Empty);
    }
}
