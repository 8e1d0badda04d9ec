using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SecureStream.DemoCameras;

namespace SecureStream.Media.Tests.DemoCameras;

public sealed class DemoCameraServiceCollectionExtensionsTests
{
    [Fact]
    public async Task AddDemoCameras_HostedService_StartsTheConfiguredServer()
    {
        await using var provider = Build(new() { ["DemoCameras:Port"] = "0" });
        var hosted = provider.GetServices<IHostedService>().OfType<DemoCameraHostedService>().Single();
        var server = provider.GetRequiredService<DemoCameraServer>();

        await hosted.StartAsync(CancellationToken.None);
        var port = server.LocalEndPoint.Port;
        await hosted.StopAsync(CancellationToken.None);

        Assert.NotEqual(0, port);
        Assert.Equal(new Uri($"rtsp://127.0.0.1:{port}/demo/lobby"), server.GetCameraUri("lobby"));
    }

    [Fact]
    public async Task AddDemoCameras_BadSection_ReportsEveryProblemAtOnce()
    {
        await using var provider = Build(new()
        {
            ["DemoCameras:Address"] = "localhost",
            ["DemoCameras:Port"] = "70000",
            ["DemoCameras:SessionTimeout"] = "00:00:01",
            ["DemoCameras:MaxConnections"] = "0",
            ["DemoCameras:SendQueueTicks"] = "1",
        });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<DemoCameraServerOptions>>().Value);

        Assert.Equal(5, error.Failures.Count());
        Assert.All(error.Failures, failure => Assert.StartsWith("DemoCameras:", failure, StringComparison.Ordinal));
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogging();
        services.AddDemoCameras();
        return services.BuildServiceProvider();
    }
}
