using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SecureStream.Media.Transcoding;

namespace SecureStream.Media.Tests.Transcoding;

public sealed class TranscodingOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_Valid()
    {
        Assert.True(new TranscodingOptionsValidator().Validate(null, new TranscodingOptions()).Succeeded);
    }

    [Theory]
    [InlineData(20)]
    [InlineData(40)]
    [InlineData(60)]
    public void Validate_OpusFrameDurationsWebRtcTakes_Valid(int milliseconds)
    {
        Assert.True(new TranscodingOptionsValidator().Validate(null, new TranscodingOptions { OpusFrameDurationMs = milliseconds }).Succeeded);
    }

    [Fact]
    public void Validate_StallTimeoutMaxBelowStallTimeout_RefusedNamingBoth()
    {
        var result = new TranscodingOptionsValidator().Validate(null, new TranscodingOptions { StallTimeout = TimeSpan.FromSeconds(10), StallTimeoutMax = TimeSpan.FromSeconds(5) });

        Assert.True(result.Failed);
        Assert.Contains("Transcoding:StallTimeoutMax", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("StallTimeout (00:00:10)", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void EffectiveStallTimeoutMax_Unset_FourTimesStallTimeout()
    {
        Assert.Equal(TimeSpan.FromSeconds(20), new TranscodingOptions().EffectiveStallTimeoutMax);
        Assert.Equal(TimeSpan.FromSeconds(120), new TranscodingOptions { StallTimeout = TimeSpan.FromSeconds(30) }.EffectiveStallTimeoutMax);
        Assert.Equal(TimeSpan.FromSeconds(9), new TranscodingOptions { StallTimeoutMax = TimeSpan.FromSeconds(9) }.EffectiveStallTimeoutMax);
    }

    [Fact]
    public async Task AddTranscoding_InvalidSettings_RefusedWithEveryKeyNamed()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Transcoding:FfmpegPath"] = "ffmpeg",
            ["Transcoding:MaxVideoTranscoders"] = "-1",
            ["Transcoding:MemoryLimitBytes"] = "1000",
            ["Transcoding:NiceLevel"] = "40",
            ["Transcoding:StallTimeout"] = "00:00:00.100",
            ["Transcoding:StallMinCpuProgress"] = "00:00:00.001",
            ["Transcoding:StallTimeoutMax"] = "00:20:00",
            ["Transcoding:RestartBackoffInitial"] = "00:00:05",
            ["Transcoding:RestartBackoffMax"] = "00:00:01",
            ["Transcoding:OpusFrameDurationMs"] = "30",
        }).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging().AddTranscoding();
        await using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<TranscodingOptions>>().Value);

        foreach (var key in (string[])["FfmpegPath", "MaxVideoTranscoders", "MemoryLimitBytes", "NiceLevel", "StallTimeout", "StallMinCpuProgress", "StallTimeoutMax", "RestartBackoffMax", "OpusFrameDurationMs"])
        {
            Assert.Contains(error.Failures, failure => failure.Contains($"Transcoding:{key}", StringComparison.Ordinal));
        }

        Assert.All(error.Failures, failure => Assert.Contains("set it", failure, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AddTranscoding_Resolves_OneHubAsTheSeam()
    {
        var services = new ServiceCollection().AddSingleton<IConfiguration>(new ConfigurationBuilder().Build()).AddLogging().AddTranscoding();
        await using var provider = services.BuildServiceProvider();

        Assert.Same(provider.GetRequiredService<TranscoderHub>(), provider.GetRequiredService<ITrackTranscoders>());
    }
}
