using System.Net;
using System.Net.Sockets;
using CsCheck;
using Microsoft.Extensions.Logging.Abstractions;
using SecureStream.Media.Frames;
using SecureStream.Media.Rtsp;

namespace SecureStream.Media.Tests.Rtsp;

/// <summary>Arbitrary bytes from a real socket end a pull with a reason code: never another exception, never a hang.</summary>
public sealed class RtspSessionPropertyTests
{
    private static readonly byte[] Prefix = "RTSP/1.0 200 OK\r\nCSeq: 1\r\n"u8.ToArray();

    [Fact]
    public Task StartAsync_CameraSendsArbitraryBytes_EndsWithReason() =>
        Gen.Select(Gen.Bool, Gen.Byte.Array[0, 512]).SampleAsync(async (withPrefix, garbage) =>
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            var camera = Task.Run(async () =>
            {
                using var client = await listener.AcceptTcpClientAsync();
                var stream = client.GetStream();
                _ = await stream.ReadAsync(new byte[4096]);
                if (withPrefix)
                {
                    await stream.WriteAsync(Prefix);
                }

                await stream.WriteAsync(garbage);
                client.Client.Shutdown(SocketShutdown.Send);
                _ = await stream.ReadAsync(new byte[4096]);
            });

            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            var ex = await Assert.ThrowsAsync<CameraSourceException>(() => RtspSession.StartAsync(
                new Uri($"rtsp://127.0.0.1:{port}/x"), null, new RtspClientOptions(), new RecordingRtpReceiver(),
                TimeProvider.System, NullLogger.Instance, bound.Token));
            Assert.False(string.IsNullOrEmpty(ex.Reason));
            await camera.WaitAsync(bound.Token);
        }, iter: 100, threads: 1);

    [Fact]
    public async Task StartAsync_RtpBeforePlayResponse_Delivered()
    {
        // Many cameras start sending before they answer PLAY; the frame must not upset the response.
        const string Frame = "$\u0000\u0000\u0010\u0080\u0060\u0000\u0001\u0000\u0000\u0000\u0000\u0001\u0002\u0003\u0004\u0065\u0088\u0080\u0040";
        await using var server = new ScriptedRtspServer(r => r.Method == "PLAY" ? Frame + ScriptedRtspServer.Reply(r, headers: "Session: 12345678\r\n") : null)
        {
            SendRtpAfterPlay = false,
        };
        var receiver = new RecordingRtpReceiver();
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await using var session = await RtspSession.StartAsync(server.Url(), null, new RtspClientOptions(), receiver, TimeProvider.System, NullLogger.Instance, bound.Token);
        await receiver.FirstRtp(0).WaitAsync(bound.Token);
        Assert.Equal(1, receiver.RtpPackets);
    }
}
