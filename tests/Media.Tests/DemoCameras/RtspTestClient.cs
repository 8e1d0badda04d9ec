using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SecureStream.Media.Tests.DemoCameras;

/// <summary>A minimal RTSP client over one TCP connection, for driving the demo server byte by byte.</summary>
internal sealed class RtspTestClient : IAsyncDisposable
{
    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;
    private readonly List<(int Channel, byte[] Packet)> _pendingPackets = [];
    private int _cseq;

    private RtspTestClient(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
    }

    public string? SessionId { get; set; }

    public static async Task<RtspTestClient> ConnectAsync(IPEndPoint endPoint)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(endPoint);
        return new RtspTestClient(tcp);
    }

    public Task SendRawAsync(byte[] bytes) => _stream.WriteAsync(bytes).AsTask();

    public async Task<RtspTestResponse> RequestAsync(string method, string url, params string[] headers)
    {
        var text = new StringBuilder($"{method} {url} RTSP/1.0\r\nCSeq: {++_cseq}\r\n");
        if (SessionId is not null)
        {
            text.Append($"Session: {SessionId}\r\n");
        }

        foreach (var header in headers)
        {
            text.Append(header).Append("\r\n");
        }

        text.Append("\r\n");
        await SendRawAsync(Encoding.ASCII.GetBytes(text.ToString()));
        var response = await ReadResponseAsync();
        if (response.Headers.TryGetValue("Session", out var session))
        {
            SessionId = session.Split(';')[0];
        }

        return response;
    }

    /// <summary>Reads a response, keeping interleaved packets that arrive before it.</summary>
    public async Task<RtspTestResponse> ReadResponseAsync()
    {
        while (true)
        {
            var first = await ReadByteAsync();
            if (first == '$')
            {
                _pendingPackets.Add(await ReadInterleavedBodyAsync());
                continue;
            }

            var head = new StringBuilder().Append((char)first);
            while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
            {
                head.Append((char)await ReadByteAsync());
            }

            var lines = head.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            var status = int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var line in lines.Skip(1))
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                headers[line[..colon]] = line[(colon + 1)..].Trim();
            }

            var body = string.Empty;
            if (headers.TryGetValue("Content-Length", out var length))
            {
                var bytes = new byte[int.Parse(length, System.Globalization.CultureInfo.InvariantCulture)];
                await _stream.ReadExactlyAsync(bytes);
                body = Encoding.ASCII.GetString(bytes);
            }

            return new RtspTestResponse(status, headers, body);
        }
    }

    /// <summary>The next interleaved packet (channel and RTP/RTCP bytes).</summary>
    public async Task<(int Channel, byte[] Packet)> ReadPacketAsync()
    {
        if (_pendingPackets.Count > 0)
        {
            var pending = _pendingPackets[0];
            _pendingPackets.RemoveAt(0);
            return pending;
        }

        var first = await ReadByteAsync();
        if (first != '$')
        {
            throw new InvalidDataException($"Expected an interleaved frame, got 0x{first:X2}.");
        }

        return await ReadInterleavedBodyAsync();
    }

    /// <summary>OPTIONS, DESCRIBE, SETUP both tracks over TCP, PLAY.</summary>
    public async Task PlayAsync(string url)
    {
        Ok(await RequestAsync("OPTIONS", url));
        var describe = Ok(await RequestAsync("DESCRIBE", url, "Accept: application/sdp"));
        var contentBase = describe.Headers["Content-Base"];
        Ok(await RequestAsync("SETUP", contentBase + "trackID=0", "Transport: RTP/AVP/TCP;unicast;interleaved=0-1"));
        Ok(await RequestAsync("SETUP", contentBase + "trackID=1", "Transport: RTP/AVP/TCP;unicast;interleaved=2-3"));
        Ok(await RequestAsync("PLAY", contentBase, "Range: npt=0.000-"));
    }

    /// <summary>True when the server closed the connection (reads end) within the time allowed.</summary>
    public async Task<bool> IsClosedByServerAsync(TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        var buffer = new byte[65536];
        try
        {
            while (true)
            {
                if (await _stream.ReadAsync(buffer, timeout.Token) == 0)
                {
                    return true;
                }
            }
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _tcp.Dispose();
    }

    private static RtspTestResponse Ok(RtspTestResponse response)
    {
        Assert.Equal(200, response.Status);
        return response;
    }

    private async Task<(int Channel, byte[] Packet)> ReadInterleavedBodyAsync()
    {
        var header = new byte[3];
        await _stream.ReadExactlyAsync(header);
        var packet = new byte[BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(1))];
        await _stream.ReadExactlyAsync(packet);
        return (header[0], packet);
    }

    private async Task<int> ReadByteAsync()
    {
        var one = new byte[1];
        await _stream.ReadExactlyAsync(one);
        return one[0];
    }
}
