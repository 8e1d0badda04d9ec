using System.Collections.Concurrent;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SecureStream.Media.Origin;
using SecureStream.Policy.Access;
using SecureStream.Policy.Secrets;
using SecureStream.Policy.Tickets;

namespace SecureStream.Proxy.Tests.Functional.Infrastructure;

/// <summary>
/// A real loopback origin (Kestrel) standing where the media origin will be: it checks the
/// front door's ticket exactly as the origin must, and records everything that reaches it, so a
/// test can assert that a denied request reached nothing.
/// </summary>
public sealed class RecordingOrigin : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TicketValidator _tickets;
    private int _healthProbes;

    private RecordingOrigin(WebApplication app, TicketValidator tickets)
    {
        _app = app;
        _tickets = tickets;
    }

    internal ConcurrentQueue<OriginHit> Hits { get; } = new();

    public string BaseAddress { get; private set; } = string.Empty;

    /// <summary>Requests that arrived with a valid ticket.</summary>
    public int AdmittedCount => Hits.Count(h => h.TicketAccepted);

    /// <summary>The front door's health probes (<see cref="OriginHealthEndpoint.Path"/>): answered 200, never recorded as hits.</summary>
    public int HealthProbes => Volatile.Read(ref _healthProbes);

    /// <summary>What a WHEP DELETE is answered with: 200, or 404 as an origin that had ended the session already answers.</summary>
    public int DeleteStatus { get; set; } = StatusCodes.Status200OK;

    /// <summary>How long a WHEP DELETE waits before its answer (an origin slow to end a session).</summary>
    public TimeSpan DeleteDelay { get; set; } = TimeSpan.Zero;

    /// <summary>Starts on <paramref name="port"/> (0 = any free port; an origin restarted on its old port is the same origin to the front doors).</summary>
    public static async Task<RecordingOrigin> StartAsync(SecretValue ticketKey, int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        var origin = new RecordingOrigin(app, new TicketValidator(new TicketKey(ticketKey), TimeProvider.System));
        app.UseWebSockets();
        app.Run(origin.HandleAsync);
        await app.StartAsync();
        origin.BaseAddress = app.Urls.First();
        return origin;
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (context.Request.Path.Value == OriginHealthEndpoint.Path)
        {
            Interlocked.Increment(ref _healthProbes);
            return;
        }

        var segments = context.Request.Path.Value!.Trim('/').Split('/');
        var camera = segments.Length >= 2 ? new CameraPath(segments[0], segments[1]) : default;
        var check = _tickets.Validate(context.Request.Headers[TicketIssuer.HeaderName], camera);
        var hit = new OriginHit(
            context.Request.Method,
            context.Request.Path.Value!,
            context.Request.QueryString.Value ?? string.Empty,
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            check.IsAllowed,
            check.Ticket);
        Hits.Enqueue(hit);
        if (!check.IsAllowed)
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        if (context.WebSockets.IsWebSocketRequest)
        {
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            var hello = Encoding.UTF8.GetBytes("{\"command\":\"offer\",\"id\":1,\"peer_id\":0,\"code\":200}");
            await socket.SendAsync(hello, WebSocketMessageType.Text, true, context.RequestAborted);
            var buffer = new byte[4096];
            try
            {
                while (socket.State == WebSocketState.Open)
                {
                    var received = await socket.ReceiveAsync(buffer, context.RequestAborted);
                    if (received.MessageType == WebSocketMessageType.Close)
                    {
                        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                        break;
                    }
                }
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
                // The front door aborted the session.
            }

            return;
        }

        if (HttpMethods.IsPost(context.Request.Method) && context.Request.Path.Value!.EndsWith("/whep", StringComparison.Ordinal))
        {
            var resource = TicketIssuer.NewId() + TicketIssuer.NewId();
            context.Response.StatusCode = StatusCodes.Status201Created;
            context.Response.Headers.Location = context.Request.Path.Value + "/" + resource;
            context.Response.ContentType = "application/sdp";
            await context.Response.WriteAsync("v=0\r\n");
            return;
        }

        if (HttpMethods.IsDelete(context.Request.Method) && DeleteDelay > TimeSpan.Zero)
        {
            await Task.Delay(DeleteDelay, context.RequestAborted);
        }

        context.Response.StatusCode = HttpMethods.IsDelete(context.Request.Method) ? DeleteStatus : StatusCodes.Status204NoContent;
    }

    /// <summary>Stops answering (an origin that died, as its front doors see it); disposing later is still safe.</summary>
    public Task StopAsync() => _app.StopAsync();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>One request as it reached the origin.</summary>
internal sealed record OriginHit(
    string Method,
    string Path,
    string Query,
    IReadOnlyDictionary<string, string> Headers,
    bool TicketAccepted,
    InternalTicket? Ticket);
