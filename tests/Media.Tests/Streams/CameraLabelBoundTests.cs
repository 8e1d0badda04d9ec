using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SecureStream.Media.Cameras;
using SecureStream.Media.Streams;
using SecureStream.Policy.Access;

namespace SecureStream.Media.Tests.Streams;

/// <summary>
/// The <c>camera</c> label stays bounded by the registry: a made-up stream name under an app-wide
/// Location counts as <c>other</c>, however many are tried; a listed camera, and an unlisted one
/// whose pull delivered its tracks, are named.
/// </summary>
public sealed class CameraLabelBoundTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("camera-labels-").FullName;

    [Fact]
    public async Task MadeUpStreamNames_CountAsOther_ListedAndPulledCamerasByName()
    {
        await using var redis = new RedisOriginMapStore(Options.Create(new RedisOriginMapOptions()), NullLogger<RedisOriginMapStore>.Instance);
        var originMap = Options.Create(new OriginMapOptions
        {
            Origins =
            [
                new() { Location = "/app/cam1", Scheme = "rtsp", Urls = ["listed/cam1"] },
                new() { Location = "/site", Scheme = "rtsp", Urls = ["cameras.example"] },
            ],
        });
        var registryOptions = Options.Create(new CameraRegistryOptions { StorePath = Path.Combine(_directory, "cameras.json") });
        using var store = new RegisteredCameraStore(registryOptions, NullLogger<RegisteredCameraStore>.Instance);
        var registry = new CameraRegistry(new StaticOriginMap(originMap), store, redis, originMap, registryOptions, TimeProvider.System);
        await using var fixture = new HubFixture(registry: registry);

        // Fifty made-up names under the app-wide Location: every attempt fails.
        fixture.Factory.Behaviour = FakeStartBehaviour.Fail;
        fixture.Factory.FailureReason = "connect_failed";
        for (var i = 0; i < 50; i++)
        {
            await Assert.ThrowsAsync<StreamStartException>(async () => await fixture.SubscribeAsync(new CameraPath("site", "made-up-" + i)));
        }

        // The listed camera fails too, under its name.
        await Assert.ThrowsAsync<StreamStartException>(async () => await fixture.SubscribeAsync(HubFixture.Camera));

        Assert.Equal(100, fixture.Meters.Sum("securestream.media.pull_failures{camera=other}"));
        Assert.Equal(0, fixture.Meters.Sum("securestream.media.pull_failures{camera=site/made-up-0}"));
        Assert.Equal(2, fixture.Meters.Sum("securestream.media.pull_failures{camera=app/cam1}"));

        // An unlisted camera that delivered its tracks exists: named from then on.
        fixture.Factory.Behaviour = FakeStartBehaviour.Start;
        var real = new CameraPath("site", "door");
        await using var subscription = await fixture.SubscribeAsync(real, [HubFixture.Url1, HubFixture.Url2]);
        fixture.Factory.Current.EmitVideo(keyframe: true);
        await fixture.AdvanceAsync(fixture.Settings.NoInputFailoverTimeout, camera: real);

        Assert.Equal(1, fixture.Meters.Sum("securestream.media.pull_failures{camera=site/door}"));
        Assert.Equal(1, fixture.Meters.Sum("securestream.media.failovers{camera=site/door}"));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
