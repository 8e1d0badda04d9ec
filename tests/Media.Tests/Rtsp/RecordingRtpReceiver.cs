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

    /// <summary>The name of the thread that delivered the first RTP packet (which receive path read it).</summary>
    public string? FirstRtpThreadName { get; private set; }

    private readonly uint[] _ssrc = new uint[8];

    public void OnRtp(int trackIndex, ReadOnlyMemory<byte> packet)
    {
        Interlocked.Increment(ref _rtp);
        if (packet.Length >= 12)
        {
            _ssrc[trackIndex] = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(packet.Span[8..]);
        }

        // The payload type is recorded before the first packet's task completes: a test reading it
        // as soon as that task is done must find it set.
        if (packet.Length >= 2 && !_first[trackIndex].Task.IsCompleted)
        {
            FirstPayloadType ??= (byte)(packet.Span[1] & 0x7F);
            FirstRtpThreadName ??= Thread.CurrentThread.Name;
            _first[trackIndex].TrySetResult(packet.Length);
        }
    }

    public void OnRtcp(int trackIndex, ReadOnlyMemory<byte> packet) => Interlocked.Increment(ref _rtcp);

    /// <summary>A receiver report naming the last SSRC seen on the track, enough for the session's pacing tests.</summary>
    public int WriteReceiverReport(int trackIndex, uint reporterSsrc, Span<byte> destination)
    {
        var block = new SecureStream.Media.Rtp.RtcpReportBlock(_ssrc[trackIndex], 0, 0, 0, 0, 0, 0);
        return SecureStream.Media.Rtp.RtcpReceiverReportWriter.TryWrite(destination, reporterSsrc, [block], "test"u8, out var written) ? written : 0;
    }
}
