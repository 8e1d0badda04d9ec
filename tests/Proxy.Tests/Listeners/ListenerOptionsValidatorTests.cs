using SecureStream.Proxy.Listeners;

namespace SecureStream.Proxy.Tests.Listeners;

public sealed class ListenerOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_Succeed()
    {
        var result = new ListenerOptionsValidator().Validate(null, new ListenerOptions());

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void Validate_BadConnectionAndRequestBounds_EveryKeyNamedAtOnce()
    {
        var options = new ListenerOptions();
        options.Http.MaxConnections = 0;
        options.Https.MaxConnectionsPerAddress = 5000;
        options.Limits.MaxRequestHeadersTotalSize = 1024;
        options.Limits.RequestHeadersTimeout = TimeSpan.Zero;
        options.Limits.KeepAliveTimeout = TimeSpan.FromHours(1);
        options.Limits.MinRequestBodyDataRate = 0;
        options.Limits.MinRequestBodyGracePeriod = TimeSpan.FromSeconds(1);

        var result = new ListenerOptionsValidator().Validate(null, options);

        Assert.False(result.Succeeded);
        Assert.All(
            (string[])["Listeners:Http:MaxConnections", "Listeners:Https:MaxConnectionsPerAddress", "Listeners:Limits:MaxRequestHeadersTotalSize",
                "Listeners:Limits:RequestHeadersTimeout", "Listeners:Limits:KeepAliveTimeout", "Listeners:Limits:MinRequestBodyDataRate",
                "Listeners:Limits:MinRequestBodyGracePeriod"],
            key => Assert.Contains(result.Failures!, failure => failure.StartsWith(key + ":", StringComparison.Ordinal)));
    }

    /// <summary>The embedded origin's one client is the front door, from one address: its share is the whole pool.</summary>
    [Fact]
    public void Defaults_OriginShareIsItsWholePool_PublicShareIsSmall()
    {
        var options = new ListenerOptions();

        Assert.Equal(options.Origin.MaxConnections, options.Origin.MaxConnectionsPerAddress);
        Assert.Equal((4096, 64), (options.Http.MaxConnections, options.Http.MaxConnectionsPerAddress));
        Assert.Equal((4096, 64), (options.Https.MaxConnections, options.Https.MaxConnectionsPerAddress));
    }
}
