using SecureStream.Media.Codecs.H264;
using SecureStream.Media.Tests.Codecs;

namespace SecureStream.Media.Tests.Codecs.H264;

public sealed class H264SpsParserTests
{
    [Fact]
    public void Parse_KnownConstrainedBaseline_ReadsDimensionsAndProfile()
    {
        var result = H264SpsParser.Parse(Convert.FromBase64String("Z0LAHtkAUAW7ARAAAAMAEAAAAwPA8WLkgA=="));

        Assert.True(result.IsValid, result.Error);
        // A widely quoted camera SPS: 80×45 macroblocks, no cropping.
        Assert.Equal(1280, result.Sps!.Width);
        Assert.Equal(720, result.Sps.Height);
        Assert.Equal("42c01e", result.Sps.ProfileLevelId);
    }

    [Theory]
    [InlineData("testsrc-640x480-baseline.h264", 640, 480, "42c01e")]
    [InlineData("testsrc-1920x1080-high-slices.h264", 1920, 1080, "640028")]
    public void Parse_FfmpegFixtures_MatchesFfprobe(string fixture, int width, int height, string profile)
    {
        var sps = AnnexB.SplitNalUnits(AnnexB.Fixture(fixture)).First(n => (n[0] & 0x1F) == 7);

        var result = H264SpsParser.Parse(sps);

        Assert.True(result.IsValid, result.Error);
        Assert.Equal(width, result.Sps!.Width);
        Assert.Equal(height, result.Sps.Height);
        Assert.Equal(profile, result.Sps.ProfileLevelId);
    }

    [Fact]
    public void Parse_EveryTruncation_InvalidNeverThrows()
    {
        var sps = Convert.FromBase64String("Z0LAHtkAUAW7ARAAAAMAEAAAAwPA8WLkgA==");
        for (var length = 0; length < 9; length++)
        {
            Assert.False(H264SpsParser.Parse(sps.AsSpan(0, length)).IsValid);
        }
    }

    [Theory]
    [InlineData(new byte[] { 0x68, 0xCE, 0x06, 0xE2 })]
    [InlineData(new byte[] { 0xE7, 0x42, 0xC0, 0x1E, 0xD9 })]
    [InlineData(new byte[] { 0x67, 0x64, 0x00, 0x28, 0x00, 0x00, 0x00, 0x00, 0x00 })]
    [InlineData(new byte[] { 0x67, 0x42, 0xC0, 0x1E, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01 })]
    public void Parse_Garbage_Invalid(byte[] nal) => Assert.False(H264SpsParser.Parse(nal).IsValid);
}
