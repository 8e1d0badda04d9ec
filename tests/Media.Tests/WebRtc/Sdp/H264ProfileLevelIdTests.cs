using SecureStream.Media.WebRtc.Sdp;

namespace SecureStream.Media.Tests.WebRtc.Sdp;

public sealed class H264ProfileLevelIdTests
{
    public static TheoryData<string, string, int> Known => new()
    {
        { "42e01f", nameof(H264Profile.ConstrainedBaseline), 0x1f },
        { "42c01e", nameof(H264Profile.ConstrainedBaseline), 0x1e },
        { "4de01f", nameof(H264Profile.ConstrainedBaseline), 0x1f },
        { "42001f", nameof(H264Profile.Baseline), 0x1f },
        { "4d001f", nameof(H264Profile.Main), 0x1f },
        { "4d0028", nameof(H264Profile.Main), 0x28 },
        { "640028", nameof(H264Profile.High), 0x28 },
        { "640c1f", nameof(H264Profile.ConstrainedHigh), 0x1f },
        { "F4001F", nameof(H264Profile.PredictiveHigh444), 0x1f },
    };

    [Theory]
    [MemberData(nameof(Known))]
    public void TryParse_ChromiumAndCameraValues_Classify(string text, string profile, int level)
    {
        Assert.True(H264ProfileLevelId.TryParse(text, out var value));
        Assert.Equal((Enum.Parse<H264Profile>(profile), level), (value.Profile, value.LevelIdc));
        Assert.Equal(text.ToLowerInvariant(), value.Text);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("42e01")]
    [InlineData("42e01fz")]
    [InlineData("zze01f")]
    [InlineData("-42e01")]
    [InlineData("6e001f")]
    [InlineData("42e000")]
    public void TryParse_Garbage_IsRefused(string? text) => Assert.False(H264ProfileLevelId.TryParse(text, out _));

    [Fact]
    public void TryFromSps_ReadsProfileBytes() =>
        Assert.Equal((H264Profile?)H264Profile.High, H264ProfileLevelId.TryFromSps([0x67, 0x64, 0x00, 0x28, 0xac], out var value) ? value.Profile : null);
}
