using System.Net.WebSockets;
using System.Text.Json;
using SecureStream.Policy.Access;

namespace SecureStream.Proxy.Gate;

/// <summary>
/// Tells a refused client why, in the form its protocol expects: <c>application/problem+json</c>
/// over HTTP; for WebSocket signalling (OvenPlayer) the socket is accepted, one
/// <c>{"code":…,"error":"&lt;reason&gt;"}</c> frame is sent, and the socket is closed, which is
/// how OME reports errors. Only the reason code is sent: never a secret, never a stack trace.
/// </summary>
internal static class GateErrorWriter
{
    /// <summary>Retry-After for 503 answers: a dead webhook or audit store is worth retrying soon.</summary>
    private const string RetryAfterSeconds = "5";

    public static async Task WriteAsync(HttpContext context, AccessReason reason)
    {
        var status = GateStatusCodes.For(reason);
        var code = reason.ToCode();
        if (context.WebSockets.IsWebSocketRequest)
        {
            await WriteWebSocketAsync(context, status, code);
            return;
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "application/problem+json";
        context.Response.Headers.CacheControl = "no-store";
        if (status == StatusCodes.Status503ServiceUnavailable || status == StatusCodes.Status429TooManyRequests)
        {
            context.Response.Headers.RetryAfter = RetryAfterSeconds;
        }

        var body = new ProblemBody(
            "https://securestream.dev/reasons/" + code,
            GateStatusCodes.TitleFor(status),
            status,
            code,
            GateTrace.IdOf(context));
        // With its Content-Length: one send, where a chunked body ends with a second (a terminating chunk).
        var bytes = JsonSerializer.SerializeToUtf8Bytes(body, GateJsonContext.Default.ProblemBody);
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
    }

    private static async Task WriteWebSocketAsync(HttpContext context, int status, string code)
    {
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var frame = JsonSerializer.SerializeToUtf8Bytes(new WebSocketError(status, code), GateJsonContext.Default.WebSocketError);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            await socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, timeout.Token);
            await socket.CloseOutputAsync(WebSocketCloseStatus.PolicyViolation, code, timeout.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // The client went away first; the refusal is already audited.
        }
    }
}
