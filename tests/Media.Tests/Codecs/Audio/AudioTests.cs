using SecureStream.Media.Codecs;
using SecureStream.Media.Frames;
using SecureStream.Media.Rtp;
using SecureStream.Media.Tests.Rtp;

namespace SecureStream.Media.Tests.Codecs.Audio;

public sealed class AudioTests
{
    private static readonly Dictionary<string, string> AacHbr = new()
    {
        ["streamtype"] = "5",
        ["profile-level-id"] = "1",
        ["mode"] = "AAC-hbr",
        ["sizelength"] = "13",
        ["indexlength"] = "3",
        ["indexdeltalength"] = "3",
        ["config"] = "1190",
    };

    private readonly List<MediaFrame> _frames = [];

    [Theory]
    [InlineData("PCMU", 0, (int)MediaCodec.Pcmu, 8000, 1)]
    [InlineData("", 0, (int)MediaCodec.Pcmu, 8000, 1)]
    [InlineData("", 8, (int)MediaCodec.Pcma, 8000, 1)]
    [InlineData("opus", 111, (int)MediaCodec.Opus, 48000, 2)]
    public void PassThrough_OnePayloadOneFrame(string name, byte payloadType, int codec, int clockRate, int channels)
    {
        var receiver = RtpTrackFactory.Create(new RtpTrackSettings(1, payloadType, name, 0), TimeProvider.System).Receiver!;

        receiver.Receive(RtpPacketBuilder.Build(1, 160, [1, 2, 3], payloadType: payloadType), _frames);
        receiver.Receive(RtpPacketBuilder.Build(2, 320, [4, 5], payloadType: payloadType), _frames);
        receiver.Receive(RtpPacketBuilder.Build(3, 480, [], payloadType: payloadType), _frames);

        Assert.Equal(2, _frames.Count);
        Assert.All(_frames, f => Assert.Equal((MediaCodec)codec, f.Codec));
        Assert.All(_frames, f => Assert.True(f.IsKeyframe));
        Assert.Equal([4, 5], _frames[1].Units[0].ToArray());
        Assert.Equal(160, _frames[1].Timestamp - _frames[0].Timestamp);
        Assert.Equal(TrackKind.Audio, receiver.Track.Kind);
        Assert.Equal(clockRate, receiver.Track.ClockRate);
        Assert.Equal(channels, receiver.Track.Channels);
        Assert.Equal(1, receiver.Counters.DroppedBy(RtpDropReason.MalformedPayload));
    }

    [Fact]
    public void Aac_TwoAccessUnits_TwoFramesWithReportedConfig()
    {
        var receiver = Aac();
        // AU-headers-length 32 bits: (size 3, index 0), (size 2, delta 0).
        byte[] payload = [0x00, 0x20, 0x00, 0x18, 0x00, 0x10, 0xA1, 0xA2, 0xA3, 0xB1, 0xB2];

        Assert.Null(receiver.Receive(RtpPacketBuilder.Build(1, 1000, payload, marker: true, payloadType: 97), _frames));

        Assert.Equal(2, _frames.Count);
        Assert.Equal([0xA1, 0xA2, 0xA3], _frames[0].Units[0].ToArray());
        Assert.Equal([0xB1, 0xB2], _frames[1].Units[0].ToArray());
        Assert.Equal(1024, _frames[1].Timestamp - _frames[0].Timestamp);
        Assert.Equal(MediaCodec.Aac, receiver.Track.Codec);
        Assert.Equal("mp4a.40.2", receiver.Track.Profile);
        Assert.Equal([0x11, 0x90], receiver.Track.ParameterSets[0].ToArray());
    }

    [Theory]
    [InlineData("1190", 0, 2)] // AAC-LC 48 kHz stereo, no channels in the rtpmap
    [InlineData("1188", 0, 1)]
    [InlineData("1190", 1, 1)] // the rtpmap's word wins
    [InlineData("", 0, 1)]
    public void Aac_Channels_FromRtpmapElseFromConfig(string config, int rtpmapChannels, int channels)
    {
        var parameters = new Dictionary<string, string>(AacHbr) { ["config"] = config };

        var receiver = RtpTrackFactory.Create(new RtpTrackSettings(1, 97, "mpeg4-generic", 48000, rtpmapChannels) { FormatParameters = parameters }, TimeProvider.System).Receiver!;

        Assert.Equal(channels, receiver.Track.Channels);
    }

    public static TheoryData<string, byte[], int> MalformedAac => new()
    {
        { "one byte", [0x00], (int)RtpDropReason.MalformedPayload },
        { "zero header bits", [0x00, 0x00, 0x01], (int)RtpDropReason.MalformedPayload },
        { "headers past end", [0xFF, 0xFF, 0x00, 0x18], (int)RtpDropReason.MalformedPayload },
        { "sizes short of data", [0x00, 0x10, 0x00, 0x08, 0xA1, 0xA2], (int)RtpDropReason.MalformedPayload },
        { "sizes past data", [0x00, 0x20, 0x00, 0x18, 0x00, 0x10, 0xA1], (int)RtpDropReason.MalformedPayload },
        { "partial header", [0x00, 0x0C, 0x00, 0x10, 0xA1, 0xA2], (int)RtpDropReason.MalformedPayload },
        { "fragmented AU", [0x00, 0x10, 0x00, 0x50, 0xA1], (int)RtpDropReason.UnsupportedPacketization },
        { "interleaved", [0x00, 0x20, 0x00, 0x08, 0x00, 0x09, 0xA1, 0xB1], (int)RtpDropReason.UnsupportedPacketization },
    };

    [Theory]
    [MemberData(nameof(MalformedAac))]
    public void Aac_LengthsDoNotAddUp_DroppedAndCounted(string name, byte[] payload, int reason)
    {
        var receiver = Aac();

        receiver.Receive(RtpPacketBuilder.Build(1, 1000, payload, marker: true, payloadType: 97), _frames);

        Assert.True(_frames.Count == 0, name);
        Assert.Equal(1, receiver.Counters.DroppedBy((RtpDropReason)reason));
    }

    [Theory]
    [InlineData("mode", "generic")]
    [InlineData("CTSDeltaLength", "3")]
    [InlineData("sizelength", "40")]
    [InlineData("config", "zz")]
    public void Aac_UnsupportedParameters_Refused(string name, string value)
    {
        var parameters = new Dictionary<string, string>(AacHbr) { [name] = value };

        var result = RtpTrackFactory.Create(new RtpTrackSettings(1, 97, "mpeg4-generic", 44100) { FormatParameters = parameters }, TimeProvider.System);

        Assert.False(result.IsSupported);
    }

    private static RtpTrackReceiver Aac() =>
        RtpTrackFactory.Create(new RtpTrackSettings(1, 97, "MPEG4-GENERIC", 44100, 2) { FormatParameters = AacHbr }, TimeProvider.System).Receiver!;
}
