using Microsoft.Extensions.DependencyInjection;
using SecureStream.Media.Frames;
using SecureStream.Media.Streams;

namespace SecureStream.Media.Tests.Streams;

public sealed class StreamHubServiceCollectionExtensionsTests
{
    [Fact]
    public async Task AddStreamHub_ResolvesOneHub_DisposingTheContainerClosesSources()
    {
        var factory = new FakeCameraSourceFactory();
        var services = new ServiceCollection()
            .AddLogging()
            .AddMetrics()
            .AddSingleton<ICameraSourceFactory>(factory)
            .AddStreamHub();
        var provider = services.BuildServiceProvider();

        var hub = provider.GetRequiredService<StreamHub>();
        Assert.Same(hub, provider.GetRequiredService<StreamHub>());
        var subscription = await hub.SubscribeAsync(HubFixture.Camera, [HubFixture.Url1], StreamSettings.Default, default);

        await provider.DisposeAsync();

        Assert.Equal(StreamEndReasons.HubShutdown, await subscription.Ended);
        Assert.Equal(0, factory.Alive);
    }
}
