using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SecureStream.FloodTool;

/// <summary>
/// Holds <c>count</c> connections open at once, each sending a fixed opening and then one byte per
/// trickle interval for ever — a header block that never ends, a body that never arrives, or
/// (no opening, no trickle) an idle ICE-TCP connection. A connection the gateway closes is counted
/// with how long it lived and replaced after a short pause, so the pressure stays constant.
/// </summary>
internal sealed class HeldConnectionFlood(
    IPEndPoint target,
    int count,
    byte[] opening,
    byte? trickleByte,
    TimeSpan trickle,
    SourceRotation sources,
    HeldConnections counters)
{
    /// <summary>Between a cut connection and its replacement: keeps a refusing gateway from turning the flood into a connect spin.</summary>
    private static readonly TimeSpan ReconnectPause = TimeSpan.FromMilliseconds(200);

    /// <summary>A request line and the start of a header block that is never finished.</summary>
    public static byte[] SlowHeaderOpening(string path) =>
        Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");

    /// <summary>A complete WHEP POST head declaring a 60,000-byte offer (under the gate's 64 KB limit) that then trickles.</summary>
    public static byte[] SlowBodyOpening(string path) =>
        Encoding.ASCII.GetBytes($"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sdp\r\nContent-Length: 60000\r\n\r\nv=0\r\n");

    public Task RunAsync(CancellationToken stop) =>
        Task.WhenAll(Enumerable.Range(0, count).Select(i => HoldAsync(i, stop)));

    private async Task HoldAsync(int index, CancellationToken stop)
    {
        // Spread the opening over the first second so the flood does not start as one SYN burst.
        await Delay(TimeSpan.FromMilliseconds(index % 1000), stop);
        var buffer = new byte[4096];
        while (!stop.IsCancellationRequested)
        {
            using var socket = await sources.ConnectAsync(target, stop);
            if (socket is null)
            {
                counters.Refused();
                await Delay(ReconnectPause, stop);
                continue;
            }

            counters.Opened();
            var held = Stopwatch.StartNew();
            var byServer = await HoldOneAsync(socket, buffer, stop);
            counters.Ended(held.Elapsed, byServer);
            await Delay(ReconnectPause, stop);
        }
    }

    /// <summary>True when the gateway ended the connection; false when the flood stopped first.</summary>
    private async Task<bool> HoldOneAsync(Socket socket, byte[] buffer, CancellationToken stop)
    {
        try
        {
            if (opening.Length > 0)
            {
                await socket.SendAsync(opening, SocketFlags.None, stop);
            }

            // Whatever the gateway answers (a refusal, a close) ends this connection's hold: read
            // until it closes, trickling in between.
            var closed = ReadUntilClosedAsync(socket, buffer, stop);
            while (!closed.IsCompleted)
            {
                await Task.WhenAny(closed, Task.Delay(trickle, stop));
                if (!closed.IsCompleted && trickleByte is { } b && !stop.IsCancellationRequested)
                {
                    buffer[0] = b;
                    await socket.SendAsync(buffer.AsMemory(0, 1), SocketFlags.None, stop);
                }
            }

            return await closed;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return false;
        }
        catch (SocketException)
        {
            return true;
        }
    }

    private static async Task<bool> ReadUntilClosedAsync(Socket socket, byte[] buffer, CancellationToken stop)
    {
        var receive = new byte[buffer.Length];
        try
        {
            while (await socket.ReceiveAsync(receive, SocketFlags.None, stop) > 0)
            {
            }

            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (SocketException)
        {
            return true;
        }
    }

    private static async Task Delay(TimeSpan delay, CancellationToken stop)
    {
        try
        {
            await Task.Delay(delay, stop);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
