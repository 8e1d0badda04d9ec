using SecureStream.Proxy.Tests.Functional.Infrastructure;

namespace SecureStream.Proxy.Tests.Functional;

/// <summary>An operator's concurrent-session cap (alice: 3) holds through the real pipeline, and ending a session frees a place.</summary>
public sealed class GateSessionLimitTests : IAsyncLifetime
{
    private GatewayUnderTest _gateway = null!;

    public async Task InitializeAsync() => _gateway = await GatewayUnderTest.StartAsync(webhook: true);

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task FourthConcurrentSession_IsSessionLimit_UntilOneEnds()
    {
        var locations = new List<Uri>();
        for (var i = 0; i < 3; i++)
        {
            var link = _gateway.SignedLink("app/cam1", suffix: "/whep", subject: "alice");
            var admittedBefore = GateProbe.Mark(_gateway);
            using var admitted = await GateProbe.OfferAsync(_gateway, link);
            Assert.Equal(201, (int)admitted.StatusCode);
            GateProbe.AssertAdmitted(_gateway, admittedBefore, "/app/cam1/whep");
            locations.Add(new Uri(new Uri(link), admitted.Headers.Location!));
        }

        var before = GateProbe.Mark(_gateway);
        using (var refused = await GateProbe.OfferAsync(_gateway, _gateway.SignedLink("app/cam1", suffix: "/whep", subject: "alice")))
        {
            await GateProbe.AssertDeniedAsync(_gateway, before, refused, 429, "session_limit");
            Assert.True(refused.Headers.Contains("Retry-After"));
        }

        using var delete = await _gateway.Client.DeleteAsync(locations[0]);
        Assert.Equal(200, (int)delete.StatusCode);
        Assert.True(await GatewayUnderTest.EventuallyAsync(() => _gateway.Webhook.Closings.Any()));

        var again = GateProbe.Mark(_gateway);
        using var readmitted = await GateProbe.OfferAsync(_gateway, _gateway.SignedLink("app/cam1", suffix: "/whep", subject: "alice"));
        Assert.Equal(201, (int)readmitted.StatusCode);
        GateProbe.AssertAdmitted(_gateway, again, "/app/cam1/whep");
    }

    [Fact]
    public async Task OtherOperator_IsNotCountedAgainstAlice()
    {
        for (var i = 0; i < 3; i++)
        {
            using var admitted = await GateProbe.OfferAsync(_gateway, _gateway.SignedLink("app/cam1", suffix: "/whep", subject: "alice"));
            Assert.Equal(201, (int)admitted.StatusCode);
        }

        var before = GateProbe.Mark(_gateway);
        using var bob = await GateProbe.OfferAsync(_gateway, _gateway.SignedLink("app/cam2", suffix: "/whep", subject: "bob"));

        Assert.Equal(201, (int)bob.StatusCode);
        GateProbe.AssertAdmitted(_gateway, before, "/app/cam2/whep");
    }
}
