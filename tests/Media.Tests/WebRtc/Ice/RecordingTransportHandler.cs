using System.Collections.Concurrent;
using SecureStream.Media.WebRtc.Ice;

namespace SecureStream.Media.Tests.WebRtc.Ice;

/// <summary>Keeps copies of what the endpoint hands a session.</summary>
internal sealed class RecordingTransportHandler : ISessionTransportHandler
{
    private readonly SemaphoreSlim _packetArrived = new(0);

    public ConcurrentQueue<(byte[] Packet, IceTransportAddress Source)> Packets { get; } = new();

    public ConcurrentQueue<IceConsentLossReason> ConsentLosses { get; } = new();

    /// <summary>The name of the thread each packet was handed over on.</summary>
    public ConcurrentQueue<string?> Threads { get; } = new();

    public void OnPacket(ReadOnlyMemory<byte> packet, IceTransportAddress source)
    {
        Threads.Enqueue(Thread.CurrentThread.Name);
        Packets.Enqueue((packet.ToArray(), source));
        _packetArrived.Release();
    }

    public void OnConsentLost(IceConsentLossReason reason) => ConsentLosses.Enqueue(reason);

    public async Task<(byte[] Packet, IceTransportAddress Source)> NextPacketAsync()
    {
        Assert.True(await _packetArrived.WaitAsync(TimeSpan.FromSeconds(5)), "no packet reached the session");
        Assert.True(Packets.TryDequeue(out var item));
        return item;
    }
}
