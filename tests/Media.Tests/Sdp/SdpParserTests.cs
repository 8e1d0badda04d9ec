using System.Text;
using SecureStream.Media.Frames;
using SecureStream.Media.Sdp;

namespace SecureStream.Media.Tests.Sdp;

public sealed class SdpParserTests
{
    // What a typical H.264 + PCMU camera answers to DESCRIBE (a GStreamer/Hikvision-style body).
    internal const string CameraSdp =
        "v=0\r\n" +
        "o=- 1188340656180883 1 IN IP4 192.168.1.64\r\n" +
        "s=Media Presentation\r\n" +
        "c=IN IP4 0.0.0.0\r\n" +
        "t=0 0\r\n" +
        "a=control:*\r\n" +
        "m=video 0 RTP/AVP 96\r\n" +
        "a=rtpmap:96 H264/90000\r\n" +
        "a=fmtp:96 profile-level-id=42e01f;packetization-mode=1;sprop-parameter-sets=Z0LAH9oBQBbpsgAAAwACAAADAGQeMGVA,aM4NiA==\r\n" +
        "a=control:trackID=1\r\n" +
        "m=audio 0 RTP/AVP 0\r\n" +
        "a=control:trackID=2\r\n";

    [Fact]
    public void TryParse_CameraDescription_ReadsTracks()
    {
        Assert.True(SdpParser.TryParse(Encoding.ASCII.GetBytes(CameraSdp), out var sdp, out var error), error.ToString());
        Assert.Equal("*", sdp!.Control);
        var tracks = SdpTrackReader.ReadTracks(sdp);
        Assert.Equal(2, tracks.Count);

        var video = tracks[0];
        Assert.True(video.IsValid);
        Assert.Equal(MediaCodec.H264, video.Codec);
        Assert.Equal(TrackKind.Video, video.Kind);
        Assert.Equal(90000, video.ClockRate);
        Assert.Equal(1, video.PacketizationMode);
        Assert.Equal("42e01f", video.ProfileLevelId);
        Assert.Equal("trackID=1", video.Control);
        Assert.Equal(2, video.ParameterSets.Count);
        Assert.Equal(0x67, video.ParameterSets[0].Span[0]);
        Assert.Equal(0x68, video.ParameterSets[1].Span[0]);

        var audio = tracks[1];
        Assert.Equal(MediaCodec.Pcmu, audio.Codec);
        Assert.Equal(8000, audio.ClockRate);
        Assert.Equal(TrackKind.Audio, audio.Kind);
    }

    [Fact]
    public void ReadTracks_H265AndAac_ReadsParameters()
    {
        var text = "v=0\nm=video 0 RTP/AVP 96\na=rtpmap:96 H265/90000\n" +
            "a=fmtp:96 sprop-vps=QAEMAf//AWAAAAMAkAAAAwAAAwBdlZgJ; sprop-sps=QgEBAWAAAAMAkAAAAwAAAwBdoAKAgC0WWVmkkyvAQAAA; sprop-pps=RAHBcrRiQA==\n" +
            "m=audio 0 RTP/AVP 97\na=rtpmap:97 mpeg4-generic/44100/2\na=fmtp:97 streamtype=5; mode=AAC-hbr; config=1210; sizelength=13\n";
        Assert.True(SdpParser.TryParse(Encoding.ASCII.GetBytes(text), out var sdp, out _));
        var tracks = SdpTrackReader.ReadTracks(sdp!);
        Assert.Equal(MediaCodec.H265, tracks[0].Codec);
        Assert.Equal(3, tracks[0].ParameterSets.Count);
        Assert.Equal(MediaCodec.Aac, tracks[1].Codec);
        Assert.Equal("AAC-hbr", tracks[1].AacMode);
        Assert.Equal(new byte[] { 0x12, 0x10 }, tracks[1].AacConfig.ToArray());
        Assert.Equal(2, tracks[1].Channels);
    }

    [Fact]
    public void ReadTracks_BadBase64ParameterSets_MarksOnlyThatTrackInvalid()
    {
        var text = CameraSdp.Replace("aM4NiA==", "a!M4N*iA", StringComparison.Ordinal);
        Assert.True(SdpParser.TryParse(Encoding.ASCII.GetBytes(text), out var sdp, out _));
        var tracks = SdpTrackReader.ReadTracks(sdp!);
        Assert.False(tracks[0].IsValid);
        Assert.Equal(SdpTrackReader.BadParameterSets, tracks[0].InvalidReason);
        Assert.True(tracks[1].IsValid);
    }

    public static TheoryData<string, string, string> Malformed => new()
    {
        { "no version", "s=x\r\n", nameof(SdpParseError.MissingVersion) },
        { "empty", "", nameof(SdpParseError.MissingVersion) },
        { "wrong version", "v=1\r\n", nameof(SdpParseError.MissingVersion) },
        { "NUL byte", "v=0\r\ns=a\0b\r\n", nameof(SdpParseError.ControlCharacter) },
        { "bare CR inside a line", "v=0\r\ns=a\rb\r\n", nameof(SdpParseError.ControlCharacter) },
        { "no equals", "v=0\r\nhello\r\n", nameof(SdpParseError.BadLine) },
        { "upper-case type", "v=0\r\nM=video 0 RTP/AVP 96\r\n", nameof(SdpParseError.BadLine) },
        { "short m line", "v=0\r\nm=video 0\r\n", nameof(SdpParseError.BadMediaLine) },
        { "port too large", "v=0\r\nm=video 70000 RTP/AVP 96\r\n", nameof(SdpParseError.BadMediaLine) },
        { "payload type too large", "v=0\r\nm=video 0 RTP/AVP 300\r\n", nameof(SdpParseError.BadMediaLine) },
        { "negative payload type", "v=0\r\nm=video 0 RTP/AVP -1\r\n", nameof(SdpParseError.BadMediaLine) },
        { "rtpmap without clock", "v=0\r\nm=video 0 RTP/AVP 96\r\na=rtpmap:96 H264\r\n", nameof(SdpParseError.BadRtpMap) },
        { "rtpmap clock not a number", "v=0\r\nm=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/9x\r\n", nameof(SdpParseError.BadRtpMap) },
        { "hundreds of media sections", "v=0\r\n" + string.Concat(Enumerable.Repeat("m=video 0 RTP/AVP 96\r\n", 300)), nameof(SdpParseError.TooManyMediaSections) },
        { "too many attributes", "v=0\r\nm=video 0 RTP/AVP 96\r\n" + string.Concat(Enumerable.Repeat("a=x\r\n", 300)), nameof(SdpParseError.TooManyAttributes) },
        { "too many formats", "v=0\r\nm=video 0 RTP/AVP " + string.Join(' ', Enumerable.Range(0, 40)) + "\r\n", nameof(SdpParseError.TooManyFormats) },
        { "larger than 64 KB", "v=0\r\ns=" + new string('x', 70_000) + "\r\n", nameof(SdpParseError.TooLarge) },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void TryParse_Malformed_Refuses(string name, string text, string expected)
    {
        Assert.False(SdpParser.TryParse(Encoding.UTF8.GetBytes(text), out var sdp, out var error), name);
        Assert.Null(sdp);
        Assert.Equal(expected, error.ToString());
    }

    [Fact]
    public void TryParse_InvalidUtf8_Refuses()
    {
        Assert.False(SdpParser.TryParse([(byte)'v', (byte)'=', (byte)'0', (byte)'\n', 0xC3, 0x28], out _, out var error));
        Assert.Equal(SdpParseError.NotUtf8, error);
    }

    [Theory]
    [InlineData("packetization-mode=7")]
    [InlineData("profile-level-id=42e01")]
    [InlineData("profile-level-id=zzzzzz")]
    [InlineData("packetization-mode=1;packetization-mode=0")]
    public void ReadTracks_BadH264Parameters_MarksTrackInvalid(string fmtp)
    {
        var text = $"v=0\nm=video 0 RTP/AVP 96\na=rtpmap:96 H264/90000\na=fmtp:96 {fmtp}\n";
        Assert.True(SdpParser.TryParse(Encoding.ASCII.GetBytes(text), out var sdp, out _));
        Assert.Equal(SdpTrackReader.BadFormatParameters, SdpTrackReader.ReadTracks(sdp!)[0].InvalidReason);
    }

    [Fact]
    public void ReadTracks_TooManyParameterSets_MarksTrackInvalid()
    {
        var sets = string.Join(',', Enumerable.Repeat("Z0LAHw==", 20));
        var text = $"v=0\nm=video 0 RTP/AVP 96\na=rtpmap:96 H264/90000\na=fmtp:96 sprop-parameter-sets={sets}\n";
        Assert.True(SdpParser.TryParse(Encoding.ASCII.GetBytes(text), out var sdp, out _));
        Assert.Equal(SdpTrackReader.BadParameterSets, SdpTrackReader.ReadTracks(sdp!)[0].InvalidReason);
    }
}
