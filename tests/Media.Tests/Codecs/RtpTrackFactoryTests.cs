using SecureStream.Media.Codecs;
using SecureStream.Media.Frames;
using SecureStream.Media.Rtp;

namespace SecureStream.Media.Tests.Codecs;

public sealed class RtpTrackFactoryTests
{
    [Fact]
    public void H264_SpropParameterSets_DescribeTrack()
    {
        var settings = new RtpTrackSettings(0, 96, "H264", 90000)
        {
            FormatParameters = new Dictionary<string, string>
            {
                ["packetization-mode"] = "1",
                ["Sprop-Parameter-Sets"] = "Z0LAHtkAUAW7ARAAAAMAEAAAAwPA8WLkgA==,aM4G4g==",
            },
        };

        var receiver = RtpTrackFactory.Create(settings, TimeProvider.System).Receiver!;

        Assert.Equal(MediaCodec.H264, receiver.Track.Codec);
        Assert.Equal(TrackKind.Video, receiver.Track.Kind);
        Assert.Equal(1280, receiver.Track.Width);
        Assert.Equal(720, receiver.Track.Height);
        Assert.Equal("42c01e", receiver.Track.Profile);
        Assert.Equal(2, receiver.Track.ParameterSets.Count);
    }

    [Theory]
    [InlineData("not base64!,aM4G4g==", 1)]
    [InlineData("Z0LA,aM4G4g==", 1)]
    [InlineData(",,,", 0)]
    [InlineData("====", 1)]
    public void H264_BadSprop_CountedTrackStillStarts(string sprop, int malformed)
    {
        var settings = new RtpTrackSettings(0, 96, "H264", 90000)
        {
            FormatParameters = new Dictionary<string, string> { ["sprop-parameter-sets"] = sprop },
        };

        var receiver = RtpTrackFactory.Create(settings, TimeProvider.System).Receiver!;

        Assert.Null(receiver.Track.Width);
        Assert.Equal(malformed, receiver.Counters.DroppedBy(RtpDropReason.MalformedParameterSet));
    }

    [Fact]
    public void H264_HundredsOfSpropEntries_Bounded()
    {
        var sprop = string.Join(',', Enumerable.Repeat("aM4G4g==", 500));
        var settings = new RtpTrackSettings(0, 96, "H264", 90000)
        {
            FormatParameters = new Dictionary<string, string> { ["sprop-parameter-sets"] = sprop },
        };

        var receiver = RtpTrackFactory.Create(settings, TimeProvider.System).Receiver!;

        Assert.Equal(500 - AccessUnitLimits.Default.MaxSdpParameterSets, receiver.Counters.DroppedBy(RtpDropReason.MalformedParameterSet));
    }

    [Theory]
    [InlineData("H264", "packetization-mode", "2", "h264_interleaved_mode")]
    [InlineData("H265", "sprop-max-don-diff", "2", "h265_donl")]
    [InlineData("H265", "sprop-depack-buf-nalus", "1", "h265_donl")]
    [InlineData("VP8", "x", "y", "codec")]
    public void Unsupported_RefusedWithReason(string codec, string name, string value, string reason)
    {
        var settings = new RtpTrackSettings(0, 96, codec, 90000) { FormatParameters = new Dictionary<string, string> { [name] = value } };

        var result = RtpTrackFactory.Create(settings, TimeProvider.System);

        Assert.False(result.IsSupported);
        Assert.Equal(reason, result.Error);
    }
}
