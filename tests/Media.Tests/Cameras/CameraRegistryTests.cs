using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SecureStream.Media.Cameras;
using SecureStream.Policy.Access;

namespace SecureStream.Media.Tests.Cameras;

/// <summary>Lookup order (static, then API, then Redis) with a real redis-server.</summary>
public sealed class CameraRegistryTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("securestream-registry-").FullName;

    [Fact]
    public async Task Find_StaticThenRestThenRedis_ElseUnknown()
    {
        await using var server = await RedisServer.StartAsync();
        await server.SetAsync("app/cam1", "rtsp://redis/cam1");
        await server.SetAsync("app/cam2", "rtsp://redis/cam2");
        await server.SetAsync("app/cam3", "rtsp://redis/cam3");

        var originMap = Options.Create(new OriginMapOptions
        {
            Origins = [new() { Location = "/app/cam1", Scheme = "rtsp", Urls = ["static/cam1"] }],
            UnusedStreamDeletionTimeoutMs = 5000,
        });
        var registryOptions = Options.Create(new CameraRegistryOptions { StorePath = Path.Combine(_directory, "cameras.json") });
        using var store = new RegisteredCameraStore(registryOptions, NullLogger<RegisteredCameraStore>.Instance);
        await using var redis = new RedisOriginMapStore(
            Options.Create(new RedisOriginMapOptions { Enabled = true, Endpoints = [server.Endpoint] }), NullLogger<RedisOriginMapStore>.Instance);
        var registry = new CameraRegistry(new StaticOriginMap(originMap), store, redis, originMap, registryOptions, TimeProvider.System);

        var rest = RegisteredCameraStoreTests.Camera("cam2", "rtsp://rest/cam2");
        Assert.Equal(CameraStoreOutcome.Added, await registry.RegisterAsync(rest, CancellationToken.None));
        Assert.Equal(CameraStoreOutcome.Exists, await registry.RegisterAsync(RegisteredCameraStoreTests.Camera("cam1"), CancellationToken.None));

        var cam1 = await registry.FindAsync(new CameraPath("app", "cam1"), CancellationToken.None);
        var cam2 = await registry.FindAsync(new CameraPath("app", "cam2"), CancellationToken.None);
        var cam3 = await registry.FindAsync(new CameraPath("app", "cam3"), CancellationToken.None);
        Assert.Equal(("rtsp://static/cam1", CameraSource.Static), (cam1!.Urls[0].ToString(), cam1.Source));
        Assert.Equal(("rtsp://rest/cam2", CameraSource.Rest), (cam2!.Urls[0].ToString(), cam2.Source));
        Assert.Equal(("rtsp://redis/cam3", CameraSource.Redis), (cam3!.Urls[0].ToString(), cam3.Source));
        Assert.Equal(5000, cam3.Properties.UnusedStreamDeletionTimeoutMs);
        Assert.Null(await registry.FindAsync(new CameraPath("app", "cam4"), CancellationToken.None));

        Assert.Equal(["cam1", "cam2"], registry.List("default", "app").Select(c => c.Stream));
        Assert.Equal(CameraStoreOutcome.Removed, await registry.RemoveAsync(new CameraPath("app", "cam2"), CancellationToken.None));
        Assert.Equal(CameraSource.Redis, (await registry.FindAsync(new CameraPath("app", "cam2"), CancellationToken.None))!.Source);
    }

    [Fact]
    public void RegistryOptions_Validator_ReportsEveryProblemAtOnce()
    {
        var result = new CameraRegistryOptionsValidator().Validate(null, new CameraRegistryOptions
        {
            StorePath = _directory,
            VirtualHosts = ["default", "default", "bad host"],
            MaxRegistrations = 0,
        });

        Assert.Equal(4, result.Failures!.Count());
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
