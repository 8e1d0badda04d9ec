using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Logging;
using SecureStream.Media.Cameras;
using SecureStream.Media.Tests.WebRtc.Ice;
using SecureStream.Policy.Access;

namespace SecureStream.Media.Tests.Cameras;

/// <summary>The OriginMapStore against a real redis-server: SET/DEL take effect without restart.</summary>
public sealed class RedisOriginMapStoreTests
{
    private static readonly CameraPath Cam1 = new("app", "cam1");

    private static RedisOriginMapStore Store(RedisOriginMapOptions options, ILogger<RedisOriginMapStore>? logger = null)
    {
        options.Enabled = true;
        Assert.True(new RedisOriginMapOptionsValidator().Validate(null, options).Succeeded);
        return new RedisOriginMapStore(Options.Create(options), logger ?? NullLogger<RedisOriginMapStore>.Instance);
    }

    [Fact]
    public async Task Set_MakesCameraAppear_Del_RemovesIt()
    {
        await using var server = await RedisServer.StartAsync();
        await using var store = Store(new RedisOriginMapOptions { Endpoints = [server.Endpoint] });

        Assert.Null(await store.FindAsync(Cam1, CameraProperties.Default, CancellationToken.None));

        await server.SetAsync("app/cam1", "rtsp://user:pw@10.0.0.5:554/stream1");
        var found = await store.FindAsync(Cam1, CameraProperties.Default, CancellationToken.None);
        Assert.NotNull(found);
        Assert.Equal(CameraSource.Redis, found!.Source);
        Assert.Equal("rtsp://***@10.0.0.5:554/stream1", found.Urls.Single().ToString());

        await server.SetAsync("app/cam1", "rtsp://10.0.0.6/changed");
        Assert.Equal("rtsp://10.0.0.6/changed", (await store.FindAsync(Cam1, CameraProperties.Default, CancellationToken.None))!.Urls.Single().ToString());

        await server.DeleteAsync("app/cam1");
        Assert.Null(await store.FindAsync(Cam1, CameraProperties.Default, CancellationToken.None));
    }

    [Theory]
    [InlineData("[\"rtsp://a/1\",\"rtsp://b/1\"]")]
    [InlineData("rtsp://a/1, rtsp://b/1")]
    public async Task SeveralUrls_JsonArrayOrCommaList(string value)
    {
        await using var server = await RedisServer.StartAsync();
        await using var store = Store(new RedisOriginMapOptions { Endpoints = [server.Endpoint] });
        await server.SetAsync("app/cam1", value);

        var found = await store.FindAsync(Cam1, CameraProperties.Default, CancellationToken.None);

        Assert.Equal(["rtsp://a/1", "rtsp://b/1"], found!.Urls.Select(u => u.ToString()));
    }

    [Fact]
    public async Task ObjectValue_NamesTheSubstream_CredentialsRedacted()
    {
        await using var server = await RedisServer.StartAsync();
        await using var store = Store(new RedisOriginMapOptions { Endpoints = [server.Endpoint] });
        await server.SetAsync("app/cam1", """{"urls":["rtsp://u:pw@10.0.0.5/main"],"substreamUrls":["rtsp://u:pw@10.0.0.5/sub"]}""");

        var found = await store.FindAsync(Cam1, CameraProperties.Default, CancellationToken.None);

        Assert.Equal("rtsp://***@10.0.0.5/main", found!.Urls.Single().ToString());
        Assert.Equal("rtsp://u:pw@10.0.0.5/sub", found.SubstreamUrls.Single().ToUnredactedString());
        Assert.Equal(CameraRendition.Sub, found.ServedRendition(CameraRendition.Sub));
    }

    [Theory]
    [InlineData("http://10.0.0.5/x")]
    [InlineData("[\"rtsp://a/1\", 5]")]
    [InlineData("rtsp://a/1\r\nSETUP")]
    [InlineData("[]")]
    public async Task InvalidValue_Unknown(string value)
    {
        await using var server = await RedisServer.StartAsync();
        await using var store = Store(new RedisOriginMapOptions { Endpoints = [server.Endpoint] });
        await server.SetAsync("app/cam1", value);

        Assert.Null(await store.FindAsync(Cam1, CameraProperties.Default, CancellationToken.None));
    }

    [Fact]
    public async Task KeyPrefix_OnlyPrefixedKeysCount()
    {
        await using var server = await RedisServer.StartAsync();
        await using var store = Store(new RedisOriginMapOptions { Endpoints = [server.Endpoint], KeyPrefix = "site-a:" });

        await server.SetAsync("app/cam1", "rtsp://unprefixed/x");
        Assert.Null(await store.FindAsync(Cam1, CameraProperties.Default, CancellationToken.None));

        await server.SetAsync("site-a:app/cam1", "rtsp://prefixed/x");
        Assert.Equal("rtsp://prefixed/x", (await store.FindAsync(Cam1, CameraProperties.Default, CancellationToken.None))!.Urls[0].ToString());
    }

    [Fact]
    public async Task RequirePass_WithPassword_Works_WithoutPassword_Unknown()
    {
        using var secret = new TempSecret("redis-pass-0123456789");
        await using var server = await RedisServer.StartAsync("--requirepass", "redis-pass-0123456789");
        await server.SetAsync("app/cam1", "rtsp://10.0.0.5/x", password: "redis-pass-0123456789");

        await using var withPassword = Store(new RedisOriginMapOptions { Endpoints = [server.Endpoint], Password = secret.Reference });
        Assert.NotNull(await withPassword.FindAsync(Cam1, CameraProperties.Default, CancellationToken.None));

        await using var without = Store(new RedisOriginMapOptions { Endpoints = [server.Endpoint], ConnectTimeoutMs = 500 });
        Assert.Null(await without.FindAsync(Cam1, CameraProperties.Default, CancellationToken.None));
    }

    [Fact]
    public async Task AclUser_ReadOnlyOnItsKeys_Works()
    {
        using var secret = new TempSecret("cams-pass-0123456789");
        await using var server = await RedisServer.StartAsync(
            "--user", "default", "on", ">admin-pass-0123456789", "~*", "&*", "+@all",
            "--user", "cams", "on", ">cams-pass-0123456789", "~cams:*", "&*", "+@read", "+@connection", "+info", "+client", "+subscribe");
        await server.SetAsync("cams:app/cam1", "rtsp://10.0.0.5/x", password: "admin-pass-0123456789");
        await server.SetAsync("app/cam1", "rtsp://10.0.0.9/other", password: "admin-pass-0123456789");

        await using var store = Store(new RedisOriginMapOptions { Endpoints = [server.Endpoint], User = "cams", Password = secret.Reference, KeyPrefix = "cams:" });

        Assert.Equal("rtsp://10.0.0.5/x", (await store.FindAsync(Cam1, CameraProperties.Default, CancellationToken.None))!.Urls[0].ToString());
        Assert.Null(await store.FindAsync(new CameraPath("app", "cam2"), CameraProperties.Default, CancellationToken.None));
    }

    [Fact]
    public async Task RedisDown_Unknown_AndReportedOncePerInterval()
    {
        var server = await RedisServer.StartAsync();
        var endpoint = server.Endpoint;
        await server.DisposeAsync();
        var logger = new CapturingLogger<RedisOriginMapStore>();
        await using var store = Store(new RedisOriginMapOptions { Endpoints = [endpoint], ConnectTimeoutMs = 200, LookupTimeoutMs = 200 }, logger);

        // The guard only stops a hang from blocking the run; the behaviour is "unknown", not an error.
        for (var i = 0; i < 20; i++)
        {
            Assert.Null(await store.FindAsync(Cam1, CameraProperties.Default, CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(60)));
        }

        // An outage is reported once per interval with a count, not once per lookup.
        Assert.Single(logger.Entries, e => e.EventId.Id == 3320);
    }

    [Fact]
    public void Validator_ReportsEveryProblemAtOnce()
    {
        var result = new RedisOriginMapOptionsValidator().Validate(null, new RedisOriginMapOptions
        {
            Enabled = true,
            Endpoints = ["not an endpoint"],
            User = "cams",
            KeyPrefix = "has space",
            Database = -1,
            ConnectTimeoutMs = 1,
            LookupTimeoutMs = 100_000,
            TlsHost = "redis.example",
        });

        Assert.True(result.Failed);
        var failures = result.Failures!.ToList();
        foreach (var key in new[] { "Endpoints:0", "Password", "KeyPrefix", "Database", "ConnectTimeoutMs", "LookupTimeoutMs", "TlsHost" })
        {
            Assert.Contains(failures, f => f.StartsWith("OriginMapStore:" + key + ":", StringComparison.Ordinal));
        }

        Assert.Equal(7, failures.Count);
    }
}
