using SecureStream.Media.Rtsp;

namespace SecureStream.Media.Tests.Rtsp;

public sealed class RtspClientOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_Succeed() =>
        Assert.True(new RtspClientOptionsValidator().Validate(null, new RtspClientOptions()).Succeeded);

    [Fact]
    public void Validate_SeveralProblems_ReportsAllAtOnce()
    {
        var result = new RtspClientOptionsValidator().Validate(null, new RtspClientOptions
        {
            ConnectTimeout = TimeSpan.Zero,
            ResponseTimeout = TimeSpan.FromHours(1),
            MaxRedirects = -1,
            UserAgent = "x\r\nY: z",
        });
        Assert.True(result.Failed);
        Assert.Equal(4, result.Failures!.Count());
        Assert.Contains(result.Failures!, f => f.StartsWith("ConnectTimeout", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_KeyframeRequestOutOfRange_NamesEachKey()
    {
        var result = new RtspClientOptionsValidator().Validate(null, new RtspClientOptions
        {
            KeyframeRequest = (RtspKeyframeRequestMode)9,
            KeyframeRequestAttempts = 0,
            KeyframeRequestRetryInterval = TimeSpan.FromMilliseconds(10),
            KeyframeRequestMinInterval = TimeSpan.FromHours(1),
        });

        Assert.True(result.Failed);
        Assert.Equal(4, result.Failures!.Count());
        foreach (var key in new[] { "KeyframeRequest ", "KeyframeRequestAttempts", "KeyframeRequestRetryInterval", "KeyframeRequestMinInterval" })
        {
            Assert.Contains(result.Failures!, f => f.StartsWith(key, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Validate_KeyframeRequestOff_Succeeds() =>
        Assert.True(new RtspClientOptionsValidator().Validate(null, new RtspClientOptions { KeyframeRequest = RtspKeyframeRequestMode.Off }).Succeeded);
}
