using System.Buffers.Binary;
using System.Net.Sockets;

namespace SecureStream.Media.Tests.WebRtc.Ice;

/// <summary>Reading ICE-TCP frames and waiting for the endpoint's counters, with bounded waits.</summary>
internal static class IceTestSockets
{
    public static async Task<byte[]> ReadFrameAsync(NetworkStream stream)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var prefix = new byte[2];
        await stream.ReadExactlyAsync(prefix, timeout.Token);
        var payload = new byte[BinaryPrimitives.ReadUInt16BigEndian(prefix)];
        await stream.ReadExactlyAsync(payload, timeout.Token);
        return payload;
    }

    public static async Task<int> ReadWithTimeoutAsync(NetworkStream stream)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            return await stream.ReadAsync(new byte[16], timeout.Token);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    public static async Task WaitForAsync(Func<bool> condition, int seconds = 5)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"condition not met within {seconds} s");
            await Task.Delay(10);
        }
    }
}
