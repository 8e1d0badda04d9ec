using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SecureStream.Media.Streams;
using SecureStream.Media.Tests.WebRtc.Sdp;
using SecureStream.Media.WebRtc.Sessions;
using SecureStream.Policy.Access;

namespace SecureStream.Media.Tests.WebRtc.Sessions;

public sealed class WebRtcSessionServiceCollectionExtensionsTests
{
    [Fact]
    public async Task AddWebRtcSessions_ResolvesFactoryAndOneSharedPacketizerRegistry()
    {
        await using var provider = Build(new Dictionary<string, string?> { ["WebRtc:Sessions:ConsentTimeout"] = "00:00:20" });

        Assert.NotNull(provider.GetRequiredService<WebRtcSessionFactory>());
        Assert.Same(provider.GetRequiredService<CameraTrackPacketizers>(), provider.GetRequiredService<CameraTrackPacketizers>());
        Assert.Equal(TimeSpan.FromSeconds(20), provider.GetRequiredService<IOptions<WebRtcSessionOptions>>().Value.ConsentTimeout);
    }

    [Fact]
    public async Task AddWebRtcSessions_RetransmissionWindow_ReachesEveryTrackHistory()
    {
        await using var provider = Build(new Dictionary<string, string?> { ["WebRtc:Sessions:RetransmissionWindow"] = "00:00:00.250" });
        var packetizers = provider.GetRequiredService<CameraTrackPacketizers>();
        var pull = new PullKey(new CameraPath("app", "a"), string.Empty);

        Assert.Equal(TimeSpan.FromMilliseconds(250), packetizers.GetOrAdd(pull, SdpTestData.H264Video).History.Window);
        Assert.Equal(TimeSpan.FromMilliseconds(250), packetizers.GetOrAdd(pull, SdpTestData.PcmuAudio).History.Window);
    }

    [Fact]
    public void CameraTrackPacketizers_Unconfigured_DefaultWindow()
    {
        var pull = new PullKey(new CameraPath("app", "a"), string.Empty);

        Assert.Equal(TimeSpan.FromSeconds(1), new CameraTrackPacketizers().GetOrAdd(pull, SdpTestData.H264Video).History.Window);
    }

    [Fact]
    public async Task AddWebRtcSessions_InvalidSettings_RefusedWithEveryKeyNamed()
    {
        await using var provider = Build(new Dictionary<string, string?>
        {
            ["WebRtc:Sessions:ConnectTimeout"] = "00:00:00",
            ["WebRtc:Sessions:ConsentTimeout"] = "00:10:00",
            ["WebRtc:Sessions:SenderReportInterval"] = "00:00:30",
            ["WebRtc:Sessions:RetransmissionWindow"] = "00:00:00.050",
        });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<WebRtcSessionOptions>>().Value);

        Assert.Equal(4, error.Failures.Count());
        Assert.All(error.Failures, f => Assert.StartsWith("WebRtc:Sessions:", f, StringComparison.Ordinal));
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddWebRtcSessions();
        return services.BuildServiceProvider();
    }
}
