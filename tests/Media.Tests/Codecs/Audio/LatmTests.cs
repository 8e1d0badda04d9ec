using CsCheck;
using SecureStream.Media.Codecs;
using SecureStream.Media.Codecs.Audio;
using SecureStream.Media.Frames;
using SecureStream.Media.Rtp;
using SecureStream.Media.Tests.Rtp;

namespace SecureStream.Media.Tests.Codecs.Audio;

/// <summary>AAC over RFC 6416 MP4A-LATM: the StreamMuxConfig, the length-prefixed access units, fragments, and hostile input.</summary>
public sealed class LatmTests
{
    /// <summary>What GStreamer's rtpmp4apay writes for AAC-LC 48 kHz mono: the config ends after the AudioSpecificConfig (0x1188).</summary>
    private const string GStreamerConfig = "40002310";

    private readonly List<MediaFrame> _frames = [];

    [Fact]
    public void Create_GStreamerConfig_DescribesTrackLikeRfc3640()
    {
        var receiver = Latm();

        Assert.Equal(MediaCodec.Aac, receiver.Track.Codec);
        Assert.Equal(TrackKind.Audio, receiver.Track.Kind);
        Assert.Equal(48000, receiver.Track.ClockRate);
        Assert.Equal(1, receiver.Track.Channels);
        Assert.Equal("mp4a.40.2", receiver.Track.Profile);
        Assert.Equal([0x11, 0x88], receiver.Track.ParameterSets[0].ToArray());
    }

    [Fact]
    public void Create_FullStreamMuxConfig_ExtractsAudioSpecificConfig()
    {
        // audioMuxVersion 0, allStreamsSameTimeFraming 1, numSubFrames 0, numProgram 0, numLayer 0,
        // ASC AAC-LC 44.1 kHz stereo (0x1210), frameLengthType 0, latmBufferFullness 0xFF, no other data, no CRC.
        var config = Hex("0" + "1" + "000000" + "0000" + "000" + "00010" + "0100" + "0010" + "000" + "000" + "11111111" + "0" + "0");

        var receiver = Latm(config, clockRate: 44100, channels: 2);

        Assert.Equal([0x12, 0x10], receiver.Track.ParameterSets[0].ToArray());
        Assert.Equal(2, receiver.Track.Channels);
    }

    [Fact]
    public void Receive_OneElementPerPacket_OneFramePerPacket()
    {
        var receiver = Latm();

        receiver.Receive(RtpPacketBuilder.Build(1, 1000, [3, 0xA1, 0xA2, 0xA3], marker: true, payloadType: 97), _frames);
        receiver.Receive(RtpPacketBuilder.Build(2, 2024, [2, 0xB1, 0xB2], marker: true, payloadType: 97), _frames);

        Assert.Equal(2, _frames.Count);
        Assert.Equal([0xA1, 0xA2, 0xA3], _frames[0].Units[0].ToArray());
        Assert.Equal([0xB1, 0xB2], _frames[1].Units[0].ToArray());
        Assert.Equal(1024, _frames[1].Timestamp - _frames[0].Timestamp);
        Assert.All(_frames, f => Assert.Equal(MediaCodec.Aac, f.Codec));
        Assert.All(_frames, f => Assert.True(f.IsKeyframe));
    }

    [Fact]
    public void Receive_TwoElementsAndEscapedLength_FramesOneFrameDurationApart()
    {
        var receiver = Latm(clockRate: 90000);
        var big = Enumerable.Range(0, 300).Select(i => (byte)i).ToArray();
        byte[] payload = [255, 45, .. big, 1, 0xC1];

        receiver.Receive(RtpPacketBuilder.Build(1, 9000, payload, marker: true, payloadType: 97), _frames);

        Assert.Equal(2, _frames.Count);
        Assert.Equal(big, _frames[0].Units[0].ToArray());
        Assert.Equal([0xC1], _frames[1].Units[0].ToArray());

        // 1024 samples at 48 kHz on a 90 kHz clock.
        Assert.Equal(1920, _frames[1].Timestamp - _frames[0].Timestamp);
    }

    [Fact]
    public void Receive_ElementFragmentedOverThreePackets_OneWholeFrame()
    {
        var receiver = Latm();
        var unit = Enumerable.Range(0, 600).Select(i => (byte)(i * 7)).ToArray();
        byte[] element = [255, 255, 90, .. unit];

        receiver.Receive(RtpPacketBuilder.Build(1, 5000, element.AsSpan(0, 200), marker: false, payloadType: 97), _frames);
        receiver.Receive(RtpPacketBuilder.Build(2, 5000, element.AsSpan(200, 200), marker: false, payloadType: 97), _frames);
        Assert.Empty(_frames);
        receiver.Receive(RtpPacketBuilder.Build(3, 5000, element.AsSpan(400), marker: true, payloadType: 97), _frames);

        var frame = Assert.Single(_frames);
        Assert.Equal(unit, frame.Units[0].ToArray());
        Assert.Equal(0, receiver.Counters.DroppedBy(RtpDropReason.MalformedPayload));
    }

    [Fact]
    public void Receive_FragmentLost_ElementDroppedNextOneKept()
    {
        var receiver = Latm();
        byte[] element = [200, .. new byte[200]];

        receiver.Receive(RtpPacketBuilder.Build(1, 5000, element.AsSpan(0, 100), marker: false, payloadType: 97), _frames);
        // Sequence 2 (the last fragment) is lost; the next element starts at sequence 3.
        receiver.Receive(RtpPacketBuilder.Build(3, 6024, [1, 0xD1], marker: true, payloadType: 97), _frames);

        var frame = Assert.Single(_frames);
        Assert.Equal([0xD1], frame.Units[0].ToArray());
        Assert.Equal(1, receiver.Counters.DroppedBy(RtpDropReason.IncompleteAccessUnit));
    }

    [Fact]
    public void Receive_FragmentsPastBound_DroppedAsOversizedThenRecovers()
    {
        var receiver = Latm();
        ushort sequence = 0;
        for (var i = 0; i < 20; i++)
        {
            receiver.Receive(RtpPacketBuilder.Build(++sequence, 5000, new byte[1000], marker: false, payloadType: 97), _frames);
        }

        receiver.Receive(RtpPacketBuilder.Build(++sequence, 5000, new byte[10], marker: true, payloadType: 97), _frames);
        receiver.Receive(RtpPacketBuilder.Build(++sequence, 6024, [1, 0xE1], marker: true, payloadType: 97), _frames);

        var frame = Assert.Single(_frames);
        Assert.Equal([0xE1], frame.Units[0].ToArray());
        Assert.Equal(1, receiver.Counters.DroppedBy(RtpDropReason.OversizedAccessUnit));
    }

    public static TheoryData<string, byte[]> Malformed => new()
    {
        { "empty", [] },
        { "zero length", [0] },
        { "length past end", [5, 1, 2] },
        { "escape past end", [255] },
        { "escaped length past end", [255, 1, 0] },
        { "trailing partial element", [1, 0xAA, 3, 0xBB] },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Receive_LengthsDoNotAddUp_DroppedWholeAndCounted(string name, byte[] payload)
    {
        var receiver = Latm();

        receiver.Receive(RtpPacketBuilder.Build(1, 1000, payload, marker: true, payloadType: 97), _frames);

        Assert.True(_frames.Count == 0, name);
        Assert.Equal(1, receiver.Counters.DroppedBy(RtpDropReason.MalformedPayload));
    }

    [Fact]
    public void Receive_MoreUnitsThanBound_DroppedWhole()
    {
        var receiver = Latm();
        var payload = Enumerable.Repeat((byte[])[1, 0x55], LatmDepacketizer.MaxUnitsPerPacket + 1).SelectMany(b => b).ToArray();

        receiver.Receive(RtpPacketBuilder.Build(1, 1000, payload, marker: true, payloadType: 97), _frames);

        Assert.Empty(_frames);
        Assert.Equal(1, receiver.Counters.DroppedBy(RtpDropReason.MalformedPayload));
    }

    [Theory]
    [InlineData(null, GStreamerConfig, "aac_latm_inband_config")]
    [InlineData("1", GStreamerConfig, "aac_latm_inband_config")]
    [InlineData("0", null, "aac_config")]
    [InlineData("0", "zz", "aac_config")]
    [InlineData("0", "4000231", "aac_config")]
    [InlineData("0", "C0002310", "aac_latm_mux_config")] // audioMuxVersion 1
    [InlineData("0", "00002310", "aac_latm_mux_config")] // allStreamsSameTimeFraming 0
    [InlineData("0", "40102310", "aac_latm_mux_config")] // two programs
    [InlineData("0", "40002300", "aac_config")] // channelConfiguration 0 (program config element)
    [InlineData("0", "40008310", "aac_config")] // object type 16 (ER AAC-LD-like, not measured here)
    [InlineData("0", "4000", "aac_config")] // truncated
    [InlineData("0", "40002310E0", "aac_latm_frame_length_type")]
    [InlineData("0", "400023103FE0", "aac_latm_other_data")]
    public void Create_UnsupportedOrMalformed_RefusedWithReason(string? cpresent, string? config, string reason)
    {
        var parameters = new Dictionary<string, string>();
        if (cpresent is not null)
        {
            parameters["cpresent"] = cpresent;
        }

        if (config is not null)
        {
            parameters["config"] = config;
        }

        var result = RtpTrackFactory.Create(new RtpTrackSettings(1, 97, "MP4A-LATM", 48000) { FormatParameters = parameters }, TimeProvider.System);

        Assert.False(result.IsSupported);
        Assert.Equal(reason, result.Error);
    }

    [Fact]
    public void Create_ArbitraryConfig_NeverThrows()
    {
        Gen.Byte.Array[0, 64].Sample(bytes =>
        {
            var parameters = new Dictionary<string, string> { ["cpresent"] = "0", ["config"] = Convert.ToHexString(bytes) };
            var result = RtpTrackFactory.Create(new RtpTrackSettings(1, 97, "MP4A-LATM", 48000) { FormatParameters = parameters }, TimeProvider.System);
            Assert.True(result.IsSupported || result.Error is not null);
        }, iter: 5000);
    }

    [Fact]
    public void Receive_ArbitraryLengthPrefixedPackets_NeverThrowsFramesNeverEmpty()
    {
        var payload = Gen.Frequency(
            (1, Gen.Byte.Array[0, 40]),
            (3, Gen.Select(Gen.OneOfConst<byte>(0, 1, 2, 3, 254, 255), Gen.Byte.Array[0, 300], (length, rest) => (byte[])[length, .. rest])));
        Gen.Select(Gen.UShort[0, 3], Gen.UInt[0, 2], Gen.Bool, payload).List[1, 40].Sample(packets =>
        {
            var receiver = Latm();
            var frames = new List<MediaFrame>();
            ushort sequence = 0;
            foreach (var (step, timestamp, marker, bytes) in packets)
            {
                sequence += step;
                receiver.Receive(RtpPacketBuilder.Build(sequence, timestamp * 1024, bytes, marker, payloadType: 97), frames);
            }

            Assert.All(frames, f => Assert.False(f.Units[0].IsEmpty));
            Assert.All(frames, f => Assert.True(f.Units[0].Length <= LatmDepacketizer.MaxElementBytes));
        }, iter: 2000);
    }

    private static RtpTrackReceiver Latm(string config = GStreamerConfig, int clockRate = 48000, int channels = 0) =>
        RtpTrackFactory.Create(
            new RtpTrackSettings(1, 97, "MP4A-LATM", clockRate, channels)
            {
                FormatParameters = new Dictionary<string, string> { ["cpresent"] = "0", ["config"] = config },
            },
            TimeProvider.System).Receiver!;

    private static string Hex(string bits)
    {
        bits = bits.PadRight((bits.Length + 7) / 8 * 8, '0');
        return Convert.ToHexString(Enumerable.Range(0, bits.Length / 8).Select(i => Convert.ToByte(bits.Substring(i * 8, 8), 2)).ToArray());
    }
}
