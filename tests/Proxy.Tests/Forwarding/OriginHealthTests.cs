using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SecureStream.Media.Origin;
using SecureStream.Proxy.Forwarding;
using SecureStream.Proxy.Listeners;
using SecureStream.Proxy.Tests.Functional.Infrastructure;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Model;
using SecureStream.Proxy.Tests.Infrastructure;

namespace SecureStream.Proxy.Tests.Forwarding;

/// <summary>
/// The origin's health endpoint (what it answers, and that it reveals nothing), the health checks
/// the front door configures only for listed origins, and their settings' validation.
/// </summary>
public sealed class OriginHealthTests
{
    [Theory]
    [InlineData(false, false, 503, "unavailable")]
    [InlineData(true, false, 200, "ok")]
    [InlineData(true, true, 503, "unavailable")]
    public async Task HealthEndpoint_IsUpOnlyBetweenStartAndStop(bool started, bool stopping, int status, string body)
    {
        var context = Probe("GET", new HostLifetime(started, stopping));

        await OriginHealthEndpoint.WriteAsync(context);

        Assert.Equal(status, context.Response.StatusCode);
        Assert.Equal("no-store", context.Response.Headers.CacheControl.ToString());
        context.Response.Body.Position = 0;
        Assert.Equal(body, await new StreamReader(context.Response.Body).ReadToEndAsync());
    }

    [Fact]
    public async Task HealthEndpoint_MediaPortUnbound_Unavailable()
    {
        var context = Probe("GET", new HostLifetime(started: true, stopping: false), mediaPortBound: false);

        await OriginHealthEndpoint.WriteAsync(context);

        Assert.Equal(503, context.Response.StatusCode);
    }

    [Theory]
    [InlineData("GET", "/.origin/health", true)]
    [InlineData("HEAD", "/.origin/health", true)]
    [InlineData("POST", "/.origin/health", false)]
    [InlineData("GET", "/.origin/health/", false)]
    [InlineData("GET", "/.origin/HEALTH", false)]
    public void HealthEndpoint_AnswersOnlyProbesOfItsPath(string method, string path, bool handled)
    {
        var request = new DefaultHttpContext().Request;
        request.Method = method;
        request.Path = path;

        Assert.Equal(handled, OriginHealthEndpoint.Handles(request));
    }

    [Fact]
    public void HealthPath_CanNeverBeACamera()
    {
        var segments = OriginHealthEndpoint.Path.Split('/', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(2, segments.Length);
        Assert.False(SecureStream.Policy.Access.CameraPath.TryParse(segments[0] + "/" + segments[1], out _));
    }

    [Fact]
    public async Task EmbeddedOrigin_AnswersItsHealth_WhileTheFrontDoorNeitherChecksNorForwardsIt()
    {
        await using var gateway = await GatewayUnderTest.StartAsync(embeddedOrigin: true);

        using var probe = await gateway.OriginClient.GetAsync(gateway.OriginUrl(OriginHealthEndpoint.Path));
        Assert.Equal(200, (int)probe.StatusCode);
        Assert.Equal("ok", await probe.Content.ReadAsStringAsync());
        using var post = await gateway.OriginClient.PostAsync(gateway.OriginUrl(OriginHealthEndpoint.Path), new StringContent(string.Empty));
        Assert.Equal(404, (int)post.StatusCode);

        // Viewers never reach it: on the public listener the path is no camera, and the gate refuses it.
        using var outside = await gateway.Client.GetAsync($"http://127.0.0.1:{gateway.HttpPort}{OriginHealthEndpoint.Path}");
        Assert.InRange((int)outside.StatusCode, 400, 499);
        Assert.NotEqual("ok", await outside.Content.ReadAsStringAsync());

        // The single-node default runs as before: one destination, no health checks.
        var cluster = Assert.Single(gateway.Services.GetRequiredService<IProxyConfigProvider>().GetConfig().Clusters);
        Assert.Single(cluster.Destinations!);
        Assert.Null(cluster.HealthCheck);
        Assert.Equal(CameraRendezvousPolicy.PolicyName, cluster.LoadBalancingPolicy);
    }

    [Fact]
    public async Task ListedOrigins_AreCheckedWithTheConfiguredSettings()
    {
        await using var gateway = await GatewayUnderTest.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Origin:HealthCheck:IntervalMs"] = "1500",
            ["Origin:HealthCheck:TimeoutMs"] = "700",
            ["Origin:HealthCheck:FailureThreshold"] = "3",
            ["Origin:HealthCheck:ReactivationMs"] = "20000",
        });

        var cluster = Assert.Single(gateway.Services.GetRequiredService<IProxyConfigProvider>().GetConfig().Clusters);
        var active = cluster.HealthCheck!.Active!;
        Assert.True(active.Enabled);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), active.Interval);
        Assert.Equal(TimeSpan.FromMilliseconds(700), active.Timeout);
        Assert.Equal(OriginHealthEndpoint.Path, active.Path);
        Assert.Equal("ConsecutiveFailures", active.Policy);
        Assert.Equal("3", cluster.Metadata!["ConsecutiveFailuresHealthPolicy.Threshold"]);
        Assert.True(cluster.HealthCheck.Passive!.Enabled);
        Assert.Equal(TimeSpan.FromSeconds(20), cluster.HealthCheck.Passive.ReactivationPeriod);
        Assert.True(await GatewayUnderTest.EventuallyAsync(() => gateway.Origin.HealthProbes > 0), "the origin was never probed");
    }

    [Theory]
    [InlineData("IntervalMs", 100, "Origin:HealthCheck:IntervalMs")]
    [InlineData("TimeoutMs", 5000, "Origin:HealthCheck:TimeoutMs")]
    [InlineData("TimeoutMs", 50, "Origin:HealthCheck:TimeoutMs")]
    [InlineData("FailureThreshold", 0, "Origin:HealthCheck:FailureThreshold")]
    [InlineData("ReactivationMs", 500, "Origin:HealthCheck:ReactivationMs")]
    public void Validator_RefusesHealthCheckSettingsOutOfRange(string setting, int value, string named)
    {
        var options = new OriginOptions { Destinations = ["http://127.0.0.1:3380"] };
        typeof(OriginHealthCheckOptions).GetProperty(setting)!.SetValue(options.HealthCheck, value);

        var result = Validator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.StartsWith(named, StringComparison.Ordinal));
    }

    [Fact]
    public void Validator_RefusesAnOriginListedTwice_InAnySpelling()
    {
        var options = new OriginOptions { Destinations = ["http://origin-a:3380", "http://10.0.0.2:3380", "HTTP://Origin-A:3380/"] };

        var result = Validator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.StartsWith("Origin:Destinations:2:", StringComparison.Ordinal));
    }

    [Fact]
    public void Validator_AcceptsTheDefaults()
    {
        var result = Validator().Validate(null, new OriginOptions { Destinations = ["http://10.0.0.1:3380", "http://10.0.0.2:3380"] });

        Assert.True(result.Succeeded, string.Join("; ", result.Failures ?? []));
    }

    [Fact]
    public void Availability_LeavesOutOriginsEitherCheckMarkedDown_AndSaysEachChangeOnce()
    {
        var log = new EventIdLog<OriginAvailability>();
        var availability = new OriginAvailability(log);
        var origins = new[] { "http://10.0.0.1:3380", "http://10.0.0.2:3380", "http://10.0.0.3:3380" }
            .Select(a => new DestinationState(a, new DestinationModel(new DestinationConfig { Address = a })))
            .ToList();
        var config = new ClusterConfig { ClusterId = OriginRouting.ClusterId };

        // Not probed yet: every origin may be chosen.
        Assert.Equal(3, availability.GetAvailalableDestinations(config, origins).Count);
        Assert.Empty(log.Ids);

        origins[0].Health.Active = DestinationHealth.Unhealthy;
        origins[1].Health.Active = DestinationHealth.Healthy;
        origins[2].Health.Passive = DestinationHealth.Unhealthy;
        // (Compared by reference: a DestinationState is also a list of itself, which a structural comparison never leaves.)
        Assert.Same(origins[1], Assert.Single(availability.GetAvailalableDestinations(config, origins)));
        Assert.Equal([1820, 1820], log.Ids);

        origins[1].Health.Active = DestinationHealth.Unhealthy;
        Assert.Empty(availability.GetAvailalableDestinations(config, origins));
        Assert.Equal([1820, 1820, 1820, 1822], log.Ids);

        // Asked again with nothing changed: nothing more is said.
        availability.GetAvailalableDestinations(config, origins);
        Assert.Equal(4, log.Ids.Count);

        origins[2].Health.Passive = DestinationHealth.Unknown;
        Assert.Same(origins[2], Assert.Single(availability.GetAvailalableDestinations(config, origins)));
        Assert.Equal([1820, 1820, 1820, 1822, 1821], log.Ids);
    }

    private static OriginOptionsValidator Validator() => new(Options.Create(new ListenerOptions()));

    private static DefaultHttpContext Probe(string method, IHostApplicationLifetime lifetime, bool mediaPortBound = true)
    {
        var context = new DefaultHttpContext
        {
            RequestServices = new ServiceCollection().AddSingleton(lifetime)
                .AddSingleton<SecureStream.Media.Hosting.IMediaPortState>(new MediaPort(mediaPortBound)).BuildServiceProvider(),
        };
        context.Request.Method = method;
        context.Request.Path = OriginHealthEndpoint.Path;
        context.Response.Body = new MemoryStream();
        return context;
    }

    /// <summary>The media port, bound or not (another process held it at start).</summary>
    private sealed class MediaPort(bool bound) : SecureStream.Media.Hosting.IMediaPortState
    {
        public bool IsBound => bound;
    }

    /// <summary>A host at one point of its life: started or not, stopping or not.</summary>
    private sealed class HostLifetime(bool started, bool stopping) : IHostApplicationLifetime
    {
        public CancellationToken ApplicationStarted => new(started);

        public CancellationToken ApplicationStopping => new(stopping);

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication()
        {
        }
    }
}
