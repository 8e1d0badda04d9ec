using SecureStream.Media.Rtsp;

namespace SecureStream.Media.Tests.Rtsp;

/// <summary>Counts what a session delivers and signals the first RTP packet per track.</summary>
internal sealed class RecordingRtpReceiver : IRtpReceiver
{
    private readonly TaskCompletionSource<int>[] _first =
        [.. Enumerable.Range(0, 8).Select(_ => new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously))];

    private long _rtp;
    private long _rtcp;

    public long RtpPackets => Interlocked.Read(ref _rtp);

    public long RtcpPackets => Interlocked.Read(ref _rtcp);

    public byte? FirstPayloadType { get; private set; }

    public Task FirstRtp(int track) => _first[track].Task;

    public void OnRtp(int trackIndex, ReadOnlyMemory<byte> packet)
    {
        Interlocked.Increment(ref _rtp);
        if (packet.Length >= 2 && _first[trackIndex].TrySetResult(packet.Length))
        {
            FirstPayloadType ??= (byte)(packet.Span[1] & 0x7F);
        }
    }

    public void OnRtcp(int trackIndex, ReadOnlyMemory<byte> packet) => Interlocked.Increment(ref _rtcp);
}
