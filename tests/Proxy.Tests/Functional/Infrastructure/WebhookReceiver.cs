using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace SecureStream.Proxy.Tests.Functional.Infrastructure;

/// <summary>
/// A real HTTP admission-webhook receiver on loopback (Kestrel). It records every call — body
/// bytes and headers — and answers with whatever the test scripted.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WebhookReceiver(WebApplication app) => _app = app;

    private const string BodyKey = "webhook-body";

    public ConcurrentQueue<WebhookCall> Calls { get; } = new();

    public string Url { get; private set; } = string.Empty;

    /// <summary>The receiver's base address (it records any path, so it can stand in for Seq's ingestion too).</summary>
    public string BaseUrl { get; private set; } = string.Empty;

    /// <summary>What the next opening calls get; closing calls always get 200 {}.</summary>
    public Func<HttpContext, Task> Respond { get; set; } = context => WriteJsonAsync(context, 200, "{\"allowed\":true}");

    public IEnumerable<WebhookCall> Openings => Calls.Where(c => c.Body.Contains("\"status\":\"opening\"", StringComparison.Ordinal));

    public IEnumerable<WebhookCall> Closings => Calls.Where(c => c.Body.Contains("\"status\":\"closing\"", StringComparison.Ordinal));

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.Run(receiver.HandleAsync);
        await app.StartAsync();
        receiver.BaseUrl = app.Urls.First();
        receiver.Url = receiver.BaseUrl + "/admission";
        return receiver;
    }

    /// <summary>The request body, already read, for a <see cref="Respond"/> that answers by content.</summary>
    public static string BodyOf(HttpContext context) => (string)context.Items[BodyKey]!;

    public static async Task WriteJsonAsync(HttpContext context, int status, string json)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(json);
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        context.Items[BodyKey] = body;
        Calls.Enqueue(new WebhookCall(
            body,
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase)));
        if (body.Contains("\"status\":\"closing\"", StringComparison.Ordinal))
        {
            await WriteJsonAsync(context, 200, "{}");
            return;
        }

        await Respond(context);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>One call as the receiver saw it.</summary>
public sealed record WebhookCall(string Body, IReadOnlyDictionary<string, string> Headers);
