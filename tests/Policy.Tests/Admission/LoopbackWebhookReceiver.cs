using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;

namespace SecureStream.Policy.Tests.Admission;

/// <summary>
/// A small raw HTTP/1.1 server on 127.0.0.1:0 standing in for a webhook receiver. It records each
/// request exactly as it arrived and answers as scripted, including the hostile answers a real
/// HTTP framework would not produce (never answering, closing at once, 1 MB bodies).
/// </summary>
internal sealed class LoopbackWebhookReceiver : IAsyncDisposable
{
    private const int MaxHeaderBytes = 64 * 1024;

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<ReceivedRequest> _requests = new();
    private readonly Channel<ReceivedRequest> _arrivals = Channel.CreateUnbounded<ReceivedRequest>();
    private readonly Task _acceptLoop;

    public LoopbackWebhookReceiver(Func<ReceivedRequest, ScriptedResponse>? script = null)
    {
        Script = script ?? (_ => ScriptedResponse.Json("""{"allowed":true}"""));
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _acceptLoop = AcceptLoopAsync();
    }

    public Func<ReceivedRequest, ScriptedResponse> Script { get; set; }

    public int Port { get; }

    /// <summary>The receiver URL, with a query so tests can check it is used as configured.</summary>
    public Uri Url => new($"http://127.0.0.1:{Port}/admission?site=a");

    public int RequestCount => _requests.Count;

    public IReadOnlyList<ReceivedRequest> Requests => [.. _requests];

    /// <summary>Waits for the next request to arrive (bounded by the test's own token).</summary>
    public async Task<ReceivedRequest> NextRequestAsync(CancellationToken cancellationToken) =>
        await _arrivals.Reader.ReadAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _acceptLoop;
        }
        catch (ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = HandleAsync(client);
        }
    }

    private async Task HandleAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var request = await ReadRequestAsync(stream, _stop.Token);
                if (request is null)
                {
                    return;
                }

                _requests.Enqueue(request);
                _arrivals.Writer.TryWrite(request);
                var response = Script(request);
                switch (response.Mode)
                {
                    case ScriptedMode.NeverAnswer:
                        await Task.Delay(Timeout.Infinite, _stop.Token);
                        return;
                    case ScriptedMode.CloseImmediately:
                        client.Client.LingerState = new LingerOption(true, 0);
                        return;
                    default:
                        break;
                }

                if (response.Gate is not null)
                {
                    await response.Gate.WaitAsync(_stop.Token);
                }

                await WriteResponseAsync(stream, response, _stop.Token);
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The client gave up (timeout) or the receiver is shutting down.
            }
        }
    }

    /// <summary>Reads one request (head and Content-Length body); null when the peer closed first.</summary>
    internal static async Task<ReceivedRequest?> ReadRequestAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var buffer = new List<byte>(4096);
        var chunk = new byte[4096];
        int headerEnd;
        while ((headerEnd = IndexOfHeaderEnd(buffer)) < 0)
        {
            if (buffer.Count > MaxHeaderBytes)
            {
                return null;
            }

            var read = await stream.ReadAsync(chunk, cancellationToken);
            if (read == 0)
            {
                return null;
            }

            buffer.AddRange(chunk.AsSpan(0, read));
        }

        var head = Encoding.ASCII.GetString([.. buffer.GetRange(0, headerEnd)]);
        var lines = head.Split("\r\n");
        var requestLine = lines[0].Split(' ');
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                headers.TryAdd(line[..colon].Trim(), line[(colon + 1)..].Trim());
            }
        }

        var length = headers.TryGetValue("Content-Length", out var text) ? int.Parse(text, CultureInfo.InvariantCulture) : 0;
        var body = new List<byte>(buffer.Skip(headerEnd + 4));
        while (body.Count < length)
        {
            var read = await stream.ReadAsync(chunk, cancellationToken);
            if (read == 0)
            {
                return null;
            }

            body.AddRange(chunk.AsSpan(0, read));
        }

        return new ReceivedRequest(requestLine[0], requestLine[1], headers, [.. body.Take(length)]);
    }

    private static int IndexOfHeaderEnd(List<byte> buffer)
    {
        for (var i = 0; i + 3 < buffer.Count; i++)
        {
            if (buffer[i] == '\r' && buffer[i + 1] == '\n' && buffer[i + 2] == '\r' && buffer[i + 3] == '\n')
            {
                return i;
            }
        }

        return -1;
    }

    private static async Task WriteResponseAsync(NetworkStream stream, ScriptedResponse response, CancellationToken cancellationToken)
    {
        var head = new StringBuilder();
        head.Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {response.Status} Scripted\r\n");
        foreach (var header in response.Headers)
        {
            head.Append(CultureInfo.InvariantCulture, $"{header.Key}: {header.Value}\r\n");
        }

        if (!response.OmitContentLength)
        {
            head.Append(CultureInfo.InvariantCulture, $"Content-Length: {response.Body.Length}\r\n");
        }

        head.Append("Connection: close\r\n\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), cancellationToken);
        await stream.WriteAsync(response.Body, cancellationToken);
        await stream.FlushAsync(cancellationToken);
    }
}
