using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using SecureStream.Proxy.Tests.Browser.Infrastructure;
using SecureStream.Proxy.Tests.Functional.Infrastructure;
using Serilog.Events;

namespace SecureStream.Proxy.Tests.Functional;

/// <summary>
/// A viewer's OME WebSocket dropping without a close handshake (tab killed, network gone) through
/// the real front door to the embedded origin and a demo camera: an expected end, recorded as
/// <c>hang_up</c>, that must not log an alarm with a stack trace.
/// </summary>
public sealed class WebSocketDropLoggingTests
{
    [Theory]
    [InlineData("reset", "ws")] // the TCP connection reset (RST): a killed process, a network gone
    [InlineData("abort", "ws")] // the TCP connection closed (FIN) with no WebSocket close frame
    [InlineData("reset", "wss")] // as a browser on the TLS listener
    public async Task OmeWebSocket_ViewerDropsWithoutCloseHandshake_HangUpAndNoAlarmLogged(string drop, string scheme)
    {
        var logs = new LogCapture();
        await using var gateway = await DemoCameraGateway.StartAsync(services: services => logs.Register(services, LogEventLevel.Debug));
        Socket? tcp = null;
        using var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var connection = new Socket(SocketType.Stream, ProtocolType.Tcp);
                await connection.ConnectAsync(context.DnsEndPoint, cancellationToken);
                tcp = connection;
                return new NetworkStream(connection, ownsSocket: true);
            },
            SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate?.Subject.Contains("SecureStream development", StringComparison.Ordinal) == true },
        };
        using var invoker = new HttpMessageInvoker(handler);
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri(gateway.SignedLink("demo/lobby", scheme: scheme)), invoker, CancellationToken.None);
        await socket.SendAsync("{\"command\":\"request_offer\"}"u8.ToArray(), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        Assert.Contains("\"command\":\"offer\"", await ReceiveTextAsync(socket), StringComparison.Ordinal);
        Assert.Single(gateway.Sessions.All);

        if (drop == "reset")
        {
            tcp!.LingerState = new LingerOption(enable: true, seconds: 0);
            tcp.Close();
        }
        else
        {
            socket.Abort();
        }

        var end = await ExactlyOnce.SingleAsync(
            () => gateway.AuditRecords().Where(r => r.GetProperty("type").GetString() == "session.end"), "session.end record");
        Assert.Equal("hang_up", end.GetProperty("end_reason").GetString());
        Assert.Empty(gateway.Sessions.All);
        // ExactlyOnce waited a moment after the record: lines logged as the connections wound down are in.
        var alarms = logs.AlarmsWithException();
        Assert.True(alarms.Count == 0, "logged with a stack trace:" + Environment.NewLine + LogCapture.Describe(alarms));
        if (drop == "reset")
        {
            // The reset reached the forwarder as the viewer's error, and was said once, quietly.
            var quiet = logs.WithEventId(1760);
            Assert.True(quiet.Count == 1, $"{quiet.Count} of event 1760; the log said:{Environment.NewLine}{LogCapture.Describe(logs.Events)}");
            var dropped = quiet[0];
            Assert.Equal(LogEventLevel.Debug, dropped.Level);
            Assert.Null(dropped.Exception);
            Assert.Contains(dropped.Properties["ForwarderError"].ToString(), (string[])["UpgradeRequestClient", "UpgradeResponseClient", "UpgradeRequestCanceled", "UpgradeResponseCanceled"]);
        }
    }

    private static async Task<string> ReceiveTextAsync(ClientWebSocket socket)
    {
        var buffer = new byte[64 * 1024];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var length = 0;
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(new ArraySegment<byte>(buffer, length, buffer.Length - length), timeout.Token);
            length += result.Count;
        }
        while (!result.EndOfMessage);

        return Encoding.UTF8.GetString(buffer, 0, length);
    }
}
