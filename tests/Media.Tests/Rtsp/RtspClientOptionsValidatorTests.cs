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
}
