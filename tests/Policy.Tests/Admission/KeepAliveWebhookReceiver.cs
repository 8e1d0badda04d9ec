using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SecureStream.Policy.Tests.Admission;

/// <summary>
/// A raw receiver on 127.0.0.1:0 that keeps connections open, so the client reuses them, and
/// treats each arriving request as scripted by its number (1-based, across connections) and its
/// number on its connection (1-based). It counts connections, requests that arrived, and
/// requests it read.
/// </summary>
internal sealed class KeepAliveWebhookReceiver : IAsyncDisposable
{
    private static readonly byte[] Allowed = Encoding.UTF8.GetBytes("""{"allowed":true}""");

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Func<int, int, KeepAliveAction> _script;
    private readonly Task _acceptLoop;
    private int _connections;
    private int _arrived;
    private int _read;

    public KeepAliveWebhookReceiver(Func<int, int, KeepAliveAction> script)
    {
        _script = script;
        _listener.Start();
        Url = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/admission");
        _acceptLoop = AcceptLoopAsync();
    }

    public Uri Url { get; }

    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Requests whose first bytes arrived, read or not.</summary>
    public int Arrived => Volatile.Read(ref _arrived);

    /// <summary>Requests the receiver read whole (and so may have acted on).</summary>
    public int Read => Volatile.Read(ref _read);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _acceptLoop;
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        var handlers = new List<Task>();
        while (true)
        {
            try
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                Interlocked.Increment(ref _connections);
                handlers.Add(ServeAsync(client));
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                break;
            }
        }

        await Task.WhenAll(handlers);
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                for (var onConnection = 1; ; onConnection++)
                {
                    // Wait for the next request's first bytes without reading them.
                    _ = await stream.ReadAsync(Memory<byte>.Empty, _stop.Token);
                    if (client.Available == 0)
                    {
                        // Closed by the client (its pool dropped the idle connection).
                        return;
                    }

                    var action = _script(Interlocked.Increment(ref _arrived), onConnection);
                    if (action == KeepAliveAction.ResetUnread)
                    {
                        // What a receiver does whose idle timer fired as the request arrived.
                        client.Client.LingerState = new LingerOption(true, 0);
                        return;
                    }

                    if (await LoopbackWebhookReceiver.ReadRequestAsync(stream, _stop.Token) is null)
                    {
                        return;
                    }

                    Interlocked.Increment(ref _read);
                    switch (action)
                    {
                        case KeepAliveAction.NeverAnswer:
                            await Task.Delay(Timeout.Infinite, _stop.Token);
                            return;
                        case KeepAliveAction.PartialAnswerThenReset:
                            await stream.WriteAsync("HTTP/1.1 200 OK\r\n"u8.ToArray(), _stop.Token);
                            client.Client.LingerState = new LingerOption(true, 0);
                            return;
                        case KeepAliveAction.AnswerHttp10:
                            // HTTP/1.0 without keep-alive, and the connection left open: a client
                            // that reuses it waits for an answer that never comes.
                            await AnswerAsync(stream, "HTTP/1.0");
                            await Task.Delay(Timeout.Infinite, _stop.Token);
                            return;
                        default:
                            await AnswerAsync(stream, "HTTP/1.1");
                            break;
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The client closed the connection, or the receiver is shutting down.
            }
        }
    }

    private async Task AnswerAsync(NetworkStream stream, string version)
    {
        var head = $"{version} 200 OK\r\nContent-Type: application/json\r\nContent-Length: {Allowed.Length}\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), _stop.Token);
        await stream.WriteAsync(Allowed, _stop.Token);
    }
}
