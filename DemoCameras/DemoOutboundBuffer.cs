using System.Buffers;

namespace SecureStream.DemoCameras;

/// <summary>Interleaved RTP packets for one pacing tick, in an array rented from the shared pool.</summary>
internal readonly record struct DemoOutboundBuffer(byte[] Array, int Length)
{
    public ReadOnlyMemory<byte> Memory => Array.AsMemory(0, Length);

    public void Return() => ArrayPool<byte>.Shared.Return(Array);
}
