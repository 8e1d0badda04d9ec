using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;

namespace SecureStream.ViewerClient;

/// <summary>
/// A viewer of one Janus streaming-plugin mountpoint through the Janus HTTP API: POST
/// <c>create</c> (session), <c>attach</c> janus.plugin.streaming (handle), <c>watch</c> the
/// mountpoint; the plugin's offer arrives as an event on the session's long poll
/// (<c>GET /janus/&lt;session&gt;?maxev=1</c>); <c>start</c> carries the answer. A keepalive
/// every <see cref="KeepAliveInterval"/> holds the session (Janus's session_timeout is 60 s by
/// default) until <see cref="DisconnectAsync"/> destroys it, which also detaches the handle.
/// Failures are <see cref="ViewerSignallingException"/>s with short reasons (<c>janus_error_455</c>).
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable",
    Justification = "Its owner ends it with DisconnectAsync (IServerOfferSignalling), which disposes the keep-alive's token source.")]
internal sealed class JanusStreamingSignalling(HttpClient http, Uri api, long mountpoint) : IServerOfferSignalling
{
    public static readonly TimeSpan KeepAliveInterval = TimeSpan.FromSeconds(25);

    private static readonly MediaTypeHeaderValue Json = new("application/json");

    private readonly string _base = api.ToString().TrimEnd('/');
    private readonly CancellationTokenSource _keepAlive = new();
    private long _session;
    private long _handle;
    private Task _keepingAlive = Task.CompletedTask;

    public async Task<string> RequestOfferAsync(CancellationToken cancellationToken)
    {
        _session = (await PostAsync(_base, JanusMessages.Create(Transaction()), cancellationToken)).Id
            ?? throw new ViewerSignallingException("janus_no_session_id");
        _keepingAlive = KeepAliveAsync(_keepAlive.Token);
        _handle = (await PostAsync(SessionUrl, JanusMessages.Attach(Transaction()), cancellationToken)).Id
            ?? throw new ViewerSignallingException("janus_no_handle_id");
        await PostAsync(HandleUrl, JanusMessages.Watch(Transaction(), mountpoint), cancellationToken);

        // The plugin answers watch asynchronously: the offer is an event on the session's long poll.
        while (true)
        {
            var reply = await SendAsync(HttpMethod.Get, SessionUrl + "?maxev=1", null, cancellationToken);
            if (reply.IsError)
            {
                throw new ViewerSignallingException(string.Create(CultureInfo.InvariantCulture, $"janus_error_{reply.ErrorCode ?? 0}"));
            }

            if (reply.JsepType == "offer" && reply.JsepSdp is { } sdp)
            {
                return sdp;
            }

            if (reply.Kind is "hangup" or "detached")
            {
                throw new ViewerSignallingException("janus_" + reply.Kind);
            }
        }
    }

    public async Task SendAnswerAsync(string answer, CancellationToken cancellationToken) =>
        await PostAsync(HandleUrl, JanusMessages.Start(Transaction(), answer), cancellationToken);

    public async Task SendCandidateAsync(string candidate, string mid, CancellationToken cancellationToken)
    {
        await PostAsync(HandleUrl, JanusMessages.Trickle(Transaction(), candidate, mid), cancellationToken);
        await PostAsync(HandleUrl, JanusMessages.Trickle(Transaction(), null, mid), cancellationToken);
    }

    public async Task DisconnectAsync(CancellationToken cancellationToken)
    {
        await _keepAlive.CancelAsync();
        try
        {
            await _keepingAlive;
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            _keepAlive.Dispose();
        }

        var session = Interlocked.Exchange(ref _session, 0);
        if (session == 0)
        {
            return;
        }

        try
        {
            // Destroying the session detaches its handle and hangs up its PeerConnection.
            await SendAsync(HttpMethod.Post, string.Create(CultureInfo.InvariantCulture, $"{_base}/{session}"), JanusMessages.Destroy(Transaction()), cancellationToken);
        }
        catch (ViewerSignallingException)
        {
            // Best effort: Janus also ends the session after its session_timeout.
        }
    }

    private string SessionUrl => string.Create(CultureInfo.InvariantCulture, $"{_base}/{_session}");

    private string HandleUrl => string.Create(CultureInfo.InvariantCulture, $"{_base}/{_session}/{_handle}");

    private static string Transaction() => Convert.ToHexString(RandomNumberGenerator.GetBytes(6));

    private async Task KeepAliveAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(KeepAliveInterval);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            try
            {
                await SendAsync(HttpMethod.Post, SessionUrl, JanusMessages.KeepAlive(Transaction()), cancellationToken);
            }
            catch (ViewerSignallingException)
            {
                // The next tick tries again; a session that is gone ends the media too.
            }
        }
    }

    private async Task<JanusReply> PostAsync(string url, byte[] body, CancellationToken cancellationToken)
    {
        var reply = await SendAsync(HttpMethod.Post, url, body, cancellationToken);
        if (reply.IsError)
        {
            throw new ViewerSignallingException(string.Create(CultureInfo.InvariantCulture, $"janus_error_{reply.ErrorCode ?? 0}"));
        }

        return reply;
    }

    private async Task<JanusReply> SendAsync(HttpMethod method, string url, byte[]? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = Json;
        }

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException exception)
        {
            throw new ViewerSignallingException("http_" + exception.HttpRequestError.ToString().ToLowerInvariant(), exception);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw new ViewerSignallingException(string.Create(CultureInfo.InvariantCulture, $"http_{(int)response.StatusCode}"));
            }

            var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            return JanusMessages.TryRead(bytes, out var reply) ? reply : throw new ViewerSignallingException("janus_reply_malformed");
        }
    }
}
