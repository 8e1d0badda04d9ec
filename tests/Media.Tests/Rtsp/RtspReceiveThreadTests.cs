using Microsoft.Extensions.Logging.Abstractions;
using SecureStream.Media.Rtsp;

namespace SecureStream.Media.Tests.Rtsp;

/// <summary>
/// A camera connection reads on a thread of its own (blocking reads, no thread-pool hand-off per
/// packet burst), and closing the connection ends that thread's blocked read.
/// </summary>
public sealed class RtspReceiveThreadTests
{
    private static CancellationToken Bound() => new CancellationTokenSource(TimeSpan.FromSeconds(20)).Token;

    private static readonly RtspClientOptions Fast = new()
    {
        ResponseTimeout = TimeSpan.FromSeconds(5),
        ConnectTimeout = TimeSpan.FromSeconds(5),
    };

    [Fact]
    public async Task Rtp_IsDeliveredOnTheConnectionsOwnThread_NotAThreadPoolThread()
    {
        await using var server = new ScriptedRtspServer();
        var receiver = new ThreadRecordingReceiver();
        await using (var session = await RtspSession.StartAsync(server.Url(), null, Fast, receiver, TimeProvider.System, NullLogger.Instance, Bound()))
        {
            var (name, pooled) = await receiver.FirstRtp.Task.WaitAsync(Bound());
            Assert.Equal("RTSP receive", name);
            Assert.False(pooled);
        }

        // Disposing closed the socket under the blocked read: TEARDOWN went out and the session ended.
        Assert.Equal("TEARDOWN", server.Requests.Last().Method);
    }

    [Fact]
    public async Task CameraClosesTheConnection_TheBlockedReadEnds_AndCompletionSaysSo()
    {
        await using var server = new ScriptedRtspServer();
        var receiver = new ThreadRecordingReceiver();
        await using var session = await RtspSession.StartAsync(server.Url(), null, Fast, receiver, TimeProvider.System, NullLogger.Instance, Bound());
        await receiver.FirstRtp.Task.WaitAsync(Bound());

        await server.DisposeAsync();

        Assert.Equal(RtspFailureReasons.ConnectionClosed, await session.Completion.WaitAsync(Bound()));
    }

    private sealed class ThreadRecordingReceiver : IRtpReceiver
    {
        public TaskCompletionSource<(string? Name, bool Pooled)> FirstRtp { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void OnRtp(int trackIndex, ReadOnlyMemory<byte> packet) =>
            FirstRtp.TrySetResult((Thread.CurrentThread.Name, Thread.CurrentThread.IsThreadPoolThread));

        public void OnRtcp(int trackIndex, ReadOnlyMemory<byte> packet)
        {
        }

        public int WriteReceiverReport(int trackIndex, uint reporterSsrc, Span<byte> destination) => 0;
    }
}
