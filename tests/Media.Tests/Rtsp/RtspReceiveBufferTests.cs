using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using SecureStream.Media.Rtsp;

namespace SecureStream.Media.Tests.Rtsp;

/// <summary>The connection's receive buffer starts small and grows: packets larger than it still arrive whole.</summary>
public sealed class RtspReceiveBufferTests
{
    // Bounds every test: a hang fails the test instead of the run. Not a timing assertion.
    private static CancellationToken Bound() => new CancellationTokenSource(TimeSpan.FromSeconds(20)).Token;

    private static RtspClientOptions Fast(RtspReceiveMode mode) => new()
    {
        ResponseTimeout = TimeSpan.FromSeconds(5),
        ConnectTimeout = TimeSpan.FromSeconds(5),
        ReceiveMode = mode,
    };

    [Theory]
    [InlineData(1_400, true)]
    [InlineData(40_000, true)]
    [InlineData(65_523, true)]
    [InlineData(1_400, false)]
    [InlineData(40_000, false)]
    [InlineData(65_523, false)]
    public async Task ReceiveLoop_InterleavedPacketsLargerThanTheStartingBuffer_ArriveWhole(int payloadSize, bool sharedThread)
    {
        await using var server = new ScriptedRtspServer { RtpPayloadSize = payloadSize };
        var receiver = new CopyingReceiver();
        await using (await RtspSession.StartAsync(server.Url(), null, Fast(sharedThread ? RtspReceiveMode.SharedThread : RtspReceiveMode.Async), receiver, TimeProvider.System, NullLogger.Instance, Bound()))
        {
            await receiver.WaitForAsync(3, Bound());
        }

        var packets = receiver.Packets.Take(3).ToList();
        Assert.All(packets, p => Assert.Equal(12 + payloadSize, p.Length));
        for (var k = 0; k < packets.Count; k++)
        {
            var packet = packets[k];
            Assert.Equal(k, (packet[2] << 8) | packet[3]);
            Assert.Equal([0x65, 0x88, 0x80, 0x40], packet[12..16]);
            for (var i = 16; i < packet.Length; i++)
            {
                // The server's filler counts from the start of the interleaved frame, 4 bytes earlier.
                Assert.Equal((byte)((i + 4) % 251), packet[i]);
            }
        }
    }

    private sealed class CopyingReceiver : IRtpReceiver
    {
        private readonly SemaphoreSlim _arrived = new(0);

        public ConcurrentQueue<byte[]> Packets { get; } = new();

        public async Task WaitForAsync(int count, CancellationToken cancellationToken)
        {
            for (var i = 0; i < count; i++)
            {
                await _arrived.WaitAsync(cancellationToken);
            }
        }

        public void OnRtp(int trackIndex, ReadOnlyMemory<byte> packet)
        {
            // The connection's buffer is reused for the next read: keep a copy.
            Packets.Enqueue(packet.ToArray());
            _arrived.Release();
        }

        public void OnRtcp(int trackIndex, ReadOnlyMemory<byte> packet)
        {
        }

        public int WriteReceiverReport(int trackIndex, uint reporterSsrc, Span<byte> destination) => 0;
    }
}
