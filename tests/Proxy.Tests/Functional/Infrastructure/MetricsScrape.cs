using System.Net.Http.Headers;

namespace SecureStream.Proxy.Tests.Functional.Infrastructure;

/// <summary>
/// Scrapes <c>GET /metrics</c> on the gateway's management listener and reads samples from the
/// Prometheus text. The exporter reuses a rendering for a second, so a test waits for a value
/// (<see cref="WaitForAsync"/>) rather than asserting on the first scrape after an action.
/// </summary>
internal static class MetricsScrape
{
    /// <summary>The scrape text, with the management token.</summary>
    public static async Task<string> TextAsync(GatewayUnderTest gateway)
    {
        using var request = gateway.ManagementRequest(HttpMethod.Get, "/metrics");
        using var response = await gateway.Client.SendAsync(request);
        Assert.Equal(200, (int)response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>GET /metrics (or another management path) with <c>Authorization: Bearer</c>, or with no credentials.</summary>
    public static async Task<int> StatusAsync(GatewayUnderTest gateway, string path, string? bearer)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{gateway.ManagementPort}{path}");
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        using var response = await gateway.Client.SendAsync(request);
        return (int)response.StatusCode;
    }

    /// <summary>
    /// The sum of the samples of <paramref name="name"/> whose labels include every one of
    /// <paramref name="labels"/>; null when there is no such sample.
    /// </summary>
    public static double? Value(string text, string name, params (string Key, string Value)[] labels) =>
        Metrics.MetricsScrape.Parse(text).Find(name, [.. labels.Select(label => $"{label.Key}=\"{label.Value}\"")]);

    /// <summary>Scrapes until <paramref name="condition"/> holds for the text (at most 30 s); returns the last text.</summary>
    public static async Task<string> WaitForAsync(GatewayUnderTest gateway, Func<string, bool> condition)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var text = await TextAsync(gateway);
        while (!condition(text) && !deadline.IsCancellationRequested)
        {
            await Task.Delay(200, CancellationToken.None);
            text = await TextAsync(gateway);
        }

        return text;
    }
}
