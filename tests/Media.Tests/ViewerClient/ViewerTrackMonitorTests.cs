using System.Buffers.Binary;
using SecureStream.Media.Frames;
using SecureStream.ViewerClient;

namespace SecureStream.Media.Tests.ViewerClient;

/// <summary>Loss, keyframes and NAL checks on hand-made RTP packets (RFC 3550 §5.1, RFC 6184 §5.6).</summary>
public sealed class ViewerTrackMonitorTests
{
    private const byte PayloadType = 102;

    // nal_ref_idc 3, type 5 (IDR) and type 1 (non-IDR slice); the bodies are opaque to the depacketizer.
    private static readonly byte[] Idr = [0x65, 0x88, 0x84, 0x00, 0x33];
    private static readonly byte[] Slice = [0x41, 0x9A, 0x02, 0x04];

    [Fact]
    public void Receive_ContinuousSequence_NoLossAndKeyframeCounted()
    {
        var monitor = Monitor();

        Assert.Equal(1, monitor.Receive(Packet(100, 0, Idr)));
        Assert.Equal(0, monitor.Receive(Packet(101, 3000, Slice)));
        Assert.Equal(0, monitor.Receive(Packet(102, 6000, Slice)));

        Assert.Equal(0, monitor.Lost);
        Assert.Equal(3, monitor.Packets);
        Assert.Equal(3, monitor.Frames);
        Assert.Equal(1, monitor.Keyframes);
        Assert.Equal(0, monitor.BadNalUnits + monitor.MalformedPayloads);
    }

    [Fact]
    public void Receive_TwoMissingNumbers_LostTwo()
    {
        var monitor = Monitor();

        monitor.Receive(Packet(100, 0, Idr));
        monitor.Receive(Packet(101, 3000, Slice));
        monitor.Receive(Packet(104, 12000, Slice));

        Assert.Equal(2, monitor.Lost);
    }

    [Fact]
    public void Receive_AcrossSequenceWrap_NoLoss()
    {
        var monitor = Monitor();

        monitor.Receive(Packet(65534, 0, Idr));
        monitor.Receive(Packet(65535, 3000, Slice));
        monitor.Receive(Packet(0, 6000, Slice));
        monitor.Receive(Packet(1, 9000, Slice));

        Assert.Equal(0, monitor.Lost);
        Assert.Equal(4, monitor.Frames);
    }

    [Fact]
    public void Receive_DuplicateAndLate_DroppedNotLost()
    {
        var monitor = Monitor();

        monitor.Receive(Packet(10, 0, Idr));
        monitor.Receive(Packet(12, 6000, Slice));
        monitor.Receive(Packet(12, 6000, Slice));
        monitor.Receive(Packet(11, 3000, Slice));

        Assert.Equal(1, monitor.Lost);
        Assert.True(monitor.Dropped >= 2);
    }

    [Fact]
    public void Receive_ForbiddenBitSet_CountedAsMalformed()
    {
        var monitor = Monitor();

        monitor.Receive(Packet(1, 0, [0xE5, 0x00, 0x01]));

        Assert.Equal(1, monitor.MalformedPayloads);
        Assert.Equal(0, monitor.Keyframes);
    }

    [Fact]
    public void Receive_OpusTrack_PacketsCountedWithoutCodecCheck()
    {
        var monitor = new ViewerTrackMonitor(new ViewerAnswerTrack("0", TrackKind.Audio, 111, "opus", 48000, string.Empty), TimeProvider.System);

        monitor.Receive(Packet(1, 0, [0xFC, 0x01], payloadType: 111));

        Assert.Equal(1, monitor.Packets);
        Assert.Equal(0, monitor.Lost);
    }

    private static ViewerTrackMonitor Monitor() =>
        new(new ViewerAnswerTrack("1", TrackKind.Video, PayloadType, "H264", 90000, "packetization-mode=1;profile-level-id=42e01f"), TimeProvider.System);

    // RFC 3550 §5.1: V=2, marker set (each packet is a whole access unit), SSRC fixed.
    private static byte[] Packet(ushort sequence, uint timestamp, byte[] payload, byte payloadType = PayloadType)
    {
        var packet = new byte[12 + payload.Length];
        packet[0] = 0x80;
        packet[1] = (byte)(0x80 | payloadType);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), sequence);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), 0x1234_5678);
        payload.CopyTo(packet.AsSpan(12));
        return packet;
    }
}
