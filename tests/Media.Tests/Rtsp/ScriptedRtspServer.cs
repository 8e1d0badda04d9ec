using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace SecureStream.Media.Tests.Rtsp;

/// <summary>
/// A real RTSP server on 127.0.0.1:0 whose replies are scripted per request: by default a
/// well-behaved camera (OPTIONS, DESCRIBE, SETUP, PLAY then interleaved RTP, TEARDOWN), and any
/// reply can be replaced by raw bytes to play a hostile camera.
/// </summary>
internal sealed class ScriptedRtspServer : IAsyncDisposable
{
    public const string DefaultSdp =
        "v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=test\r\nt=0 0\r\na=control:*\r\n" +
        "m=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\na=fmtp:96 packetization-mode=1;sprop-parameter-sets=Z0LAH9oBQBbpsgAAAwACAAADAGQeMGVA,aM4NiA==\r\na=control:trackID=0\r\n";

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Func<ScriptedRequest, string?> _script;
    private readonly List<Task> _connections = [];
    private readonly Task _accept;
    private int _connectionCount;
    private int _disposed;

    /// <param name="script">Raw reply bytes (Latin-1) for a request, or null for the default camera's reply.</param>
    public ScriptedRtspServer(Func<ScriptedRequest, string?>? script = null)
    {
        _script = script ?? (_ => null);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accept = AcceptAsync();
    }

    public int Port { get; }

    /// <summary>When set, the server speaks RTSPS: TLS with this certificate before any RTSP.</summary>
    public X509Certificate2? Certificate { get; init; }

    public string Sdp { get; init; } = DefaultSdp;

    /// <summary>Session header value the default SETUP reply carries.</summary>
    public string SessionHeader { get; init; } = "12345678;timeout=60";

    public string PublicHeader { get; init; } = "OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN, GET_PARAMETER";

    /// <summary>Whether the default PLAY reply is followed by interleaved RTP on channel 0.</summary>
    public bool SendRtpAfterPlay { get; init; } = true;

    /// <summary>Bytes after each interleaved RTP packet's 12-byte header: a 4-byte IDR slice start, then filler (<c>i % 251</c>).</summary>
    public int RtpPayloadSize { get; init; } = 4;

    public ConcurrentQueue<ScriptedRequest> Requests { get; } = new();

    /// <summary>Interleaved frames the client sent (channel, payload), e.g. RTCP receiver reports.</summary>
    public ConcurrentQueue<(byte Channel, byte[] Payload)> ClientFrames { get; } = new();

    public int ConnectionCount => Volatile.Read(ref _connectionCount);

    public Uri Url(string path = "/stream") => new($"{(Certificate is null ? "rtsp" : "rtsps")}://127.0.0.1:{Port}{path}");

    public static string Reply(ScriptedRequest request, string status = "200 OK", string headers = "", string body = "") =>
        $"RTSP/1.0 {status}\r\nCSeq: {request.CSeq}\r\n{headers}" +
        (body.Length > 0 ? $"Content-Length: {Encoding.UTF8.GetByteCount(body)}\r\n\r\n{body}" : "\r\n");

    /// <summary>Waits (bounded by <paramref name="cancellationToken"/>) until a request with that method arrived.</summary>
    public async Task<ScriptedRequest> WaitForAsync(string method, CancellationToken cancellationToken)
    {
        while (true)
        {
            var found = Requests.FirstOrDefault(r => r.Method == method);
            if (found is not null)
            {
                return found;
            }

            await Task.Delay(10, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accept;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        Task[] connections;
        lock (_connections)
        {
            connections = [.. _connections];
        }

        await Task.WhenAll(connections);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            Interlocked.Increment(ref _connectionCount);
            lock (_connections)
            {
                _connections.Add(ServeAsync(client));
            }
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        using var streaming = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        Stream stream = client.GetStream();
        var writeLock = new SemaphoreSlim(1, 1);
        var buffer = new List<byte>();
        var chunk = new byte[8192];
        Task rtp = Task.CompletedTask;
        try
        {
            if (Certificate is not null)
            {
                var tls = new SslStream(stream);
                stream = tls;
                await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = Certificate }, _stop.Token);
            }

            while (true)
            {
                var read = await stream.ReadAsync(chunk, _stop.Token);
                if (read == 0)
                {
                    break;
                }

                buffer.AddRange(chunk.AsSpan(0, read));
                while (TryTakeMessage(buffer, out var request))
                {
                    if (request is null)
                    {
                        continue;
                    }

                    Requests.Enqueue(request);
                    var reply = _script(request) ?? DefaultReply(request);
                    await writeLock.WaitAsync(_stop.Token);
                    try
                    {
                        await stream.WriteAsync(Encoding.Latin1.GetBytes(reply), _stop.Token);
                    }
                    finally
                    {
                        writeLock.Release();
                    }

                    if (request.Method == "PLAY" && SendRtpAfterPlay && reply.Contains(" 200 ", StringComparison.Ordinal))
                    {
                        rtp = SendRtpAsync(stream, writeLock, RtpPayloadSize, streaming.Token);
                    }
                }
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or SocketException or ObjectDisposedException or System.Security.Authentication.AuthenticationException)
        {
        }
        finally
        {
            await streaming.CancelAsync();
            try
            {
                await rtp;
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException or SocketException or ObjectDisposedException)
            {
            }
        }
    }

    private string DefaultReply(ScriptedRequest request) => request.Method switch
    {
        "OPTIONS" => Reply(request, headers: $"Public: {PublicHeader}\r\n"),
        "DESCRIBE" => Reply(request, headers: $"Content-Base: {request.Uri}/\r\nContent-Type: application/sdp\r\n", body: Sdp),
        "SETUP" => Reply(request, headers: $"Session: {SessionHeader}\r\nTransport: {request.Header("Transport")}\r\n"),
        _ => Reply(request, headers: "Session: 12345678\r\n"),
    };

    private static async Task SendRtpAsync(Stream stream, SemaphoreSlim writeLock, int payloadSize, CancellationToken cancellationToken)
    {
        ushort sequence = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            // '$', channel 0, length: a 12-byte RTP header (V=2, PT=96, SSRC 0x01020304) and the payload.
            var length = 12 + payloadSize;
            var frame = new byte[4 + length];
            byte[] start = [(byte)'$', 0, (byte)(length >> 8), (byte)length, 0x80, 0x60, (byte)(sequence >> 8), (byte)sequence, 0, 0, 0, 0, 1, 2, 3, 4, 0x65, 0x88, 0x80, 0x40];
            start.AsSpan(0, Math.Min(start.Length, frame.Length)).CopyTo(frame);
            for (var i = 20; i < frame.Length; i++)
            {
                frame[i] = (byte)(i % 251);
            }

            sequence++;
            await writeLock.WaitAsync(cancellationToken);
            try
            {
                await stream.WriteAsync(frame, cancellationToken);
            }
            finally
            {
                writeLock.Release();
            }

            await Task.Delay(20, cancellationToken);
        }
    }

    // Takes one request (or interleaved frame, recorded, yielding null) off the front of the buffer.
    private bool TryTakeMessage(List<byte> buffer, out ScriptedRequest? request)
    {
        request = null;
        if (buffer.Count >= 4 && buffer[0] == (byte)'$')
        {
            var length = (buffer[2] << 8) | buffer[3];
            if (buffer.Count < 4 + length)
            {
                return false;
            }

            ClientFrames.Enqueue((buffer[1], buffer.GetRange(4, length).ToArray()));
            buffer.RemoveRange(0, 4 + length);
            return true;
        }

        var text = Encoding.Latin1.GetString(buffer.ToArray());
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (end < 0)
        {
            return false;
        }

        buffer.RemoveRange(0, end + 4);
        var lines = text[..end].Split("\r\n");
        var requestLine = lines[0].Split(' ');
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers.TryAdd(line[..colon], line[(colon + 1)..].Trim());
        }

        request = new ScriptedRequest(requestLine[0], requestLine[1], headers, int.Parse(headers["CSeq"], System.Globalization.CultureInfo.InvariantCulture));
        return true;
    }
}
