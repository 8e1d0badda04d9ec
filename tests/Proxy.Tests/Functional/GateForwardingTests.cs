using SecureStream.Proxy.Tests.Functional.Infrastructure;

namespace SecureStream.Proxy.Tests.Functional;

/// <summary>What of the viewer's query reaches the origin: allow-listed names, re-encoded; never credentials or RTSP-meaning names.</summary>
public sealed class GateForwardingTests : IAsyncLifetime
{
    private GatewayUnderTest _gateway = null!;

    public async Task InitializeAsync() =>
        _gateway = await GatewayUnderTest.StartAsync(policy =>
            policy["forwarding"] = new { cameras = new[] { new { pattern = "app/cam*", allow = new[] { "quality", "x" } } } });

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task AllowedParameters_ReachOriginReEncoded_ReservedAndUnlistedAreStripped()
    {
        var link = _gateway.SignedLink("app/cam1", suffix: "/whep", subject: "alice", extraQuery: "quality=hd&x=%40evil&transport=tcp&unlisted=1");
        var before = GateProbe.Mark(_gateway);

        using var response = await GateProbe.OfferAsync(_gateway, link);

        Assert.Equal(201, (int)response.StatusCode);
        var hit = GateProbe.AssertAdmitted(_gateway, before, "/app/cam1/whep");
        Assert.Equal("?quality=hd&x=%40evil", hit.Query);
        Assert.Equal("quality=hd&x=%40evil", hit.Ticket!.ForwardedQuery);
    }

    public static TheoryData<string, string> AwkwardValues => new()
    {
        { "colon slash question hash backslash", "a%3A%2F%3F%23%5Cb" },
        { "encoded percent", "%2540evil" },
        { "space", "a%20b" },
        { "plus", "a+b" },
    };

    [Theory]
    [MemberData(nameof(AwkwardValues))]
    public async Task AwkwardValue_ReachesOriginAsOneEncodedValue(string name, string rawValue)
    {
        Assert.NotEmpty(name);
        var link = _gateway.SignedLink("app/cam1", suffix: "/whep", subject: "alice", extraQuery: "x=" + rawValue);
        var before = GateProbe.Mark(_gateway);

        using var response = await GateProbe.OfferAsync(_gateway, link);

        Assert.Equal(201, (int)response.StatusCode);
        var hit = GateProbe.AssertAdmitted(_gateway, before, "/app/cam1/whep");
        Assert.StartsWith("?x=", hit.Query, StringComparison.Ordinal);
        var value = hit.Query["?x=".Length..];
        Assert.DoesNotContain('&', value);
        Assert.DoesNotContain('#', value);
        Assert.DoesNotContain('?', value);
        Assert.DoesNotContain('/', value);
        Assert.DoesNotContain('\\', value);
        Assert.DoesNotContain(' ', value);
        using var delete = await _gateway.Client.DeleteAsync(new Uri(new Uri(link), response.Headers.Location!));
        Assert.Equal(200, (int)delete.StatusCode);
    }
}
