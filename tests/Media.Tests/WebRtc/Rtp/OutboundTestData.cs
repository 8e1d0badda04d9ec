using System.Buffers.Binary;
using SecureStream.Media.Codecs;
using SecureStream.Media.Tests.Codecs;
using SecureStream.Media.Frames;
using SecureStream.Media.Rtp;
using SecureStream.Media.WebRtc.Rtp;

namespace SecureStream.Media.Tests.WebRtc.Rtp;

/// <summary>Fixture frames and a receive path (the existing <see cref="RtpTrackReceiver"/>) for the outbound RTP tests.</summary>
internal static class OutboundTestData
{
    public static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static TrackDescription Video(MediaCodec codec = MediaCodec.H264, IReadOnlyList<ReadOnlyMemory<byte>>? parameterSets = null) =>
        new(0, TrackKind.Video, codec, 90_000, 0, parameterSets ?? []);

    public static TrackDescription Audio(MediaCodec codec = MediaCodec.Pcmu) =>
        new(1, TrackKind.Audio, codec, codec == MediaCodec.Opus ? 48_000 : 8_000, 1, []);

    /// <summary>The access units of an H.264 fixture as hub frames, 30 fps from <paramref name="firstTimestamp"/>.</summary>
    public static List<MediaFrame> H264Frames(string fixture = "testsrc-640x480-baseline.h264", long firstTimestamp = 0, int count = int.MaxValue)
    {
        var units = AnnexB.H264AccessUnits(AnnexB.Fixture(fixture));
        return [.. units.Take(count).Select((unit, i) => new MediaFrame(
            0,
            MediaCodec.H264,
            firstTimestamp + (i * 3000L),
            unit.Any(nal => (nal[0] & 0x1F) == 5),
            [.. unit.Select(nal => (ReadOnlyMemory<byte>)nal)],
            Start.AddMilliseconds(i * 1000.0 / 30)))];
    }

    public static RtpTrackReceiver Receiver(TimeProvider time, string encoding = "H264", byte payloadType = 96, int clockRate = 90_000) =>
        RtpTrackFactory.Create(new RtpTrackSettings(0, payloadType, encoding, clockRate), time).Receiver!;

    /// <summary>A copy of a shared packet with a viewer's payload type and SSRC, as the writer makes.</summary>
    public static byte[] Patch(OutboundPacket packet, byte payloadType = 96, uint ssrc = 0x5566_7788)
    {
        var copy = packet.ToArray();
        copy[1] = (byte)((copy[1] & 0x80) | payloadType);
        BinaryPrimitives.WriteUInt32BigEndian(copy.AsSpan(8), ssrc);
        return copy;
    }

    public static ushort Sequence(OutboundPacket packet) => packet.Sequence;

    public static uint Timestamp(OutboundPacket packet) => packet.Timestamp;
}
