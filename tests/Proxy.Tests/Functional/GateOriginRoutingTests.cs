using Microsoft.Extensions.DependencyInjection;
using SecureStream.Proxy.Tests.Functional.Infrastructure;
using Yarp.ReverseProxy.Configuration;

namespace SecureStream.Proxy.Tests.Functional;

/// <summary>Admitted traffic goes only to the configured origin; a WHEP session ends cleanly.</summary>
public sealed class GateOriginRoutingTests : IAsyncLifetime
{
    private GatewayUnderTest _gateway = null!;

    public async Task InitializeAsync() => _gateway = await GatewayUnderTest.StartAsync(webhook: true);

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public void ConfiguredOrigin_IsTheOnlyDestination()
    {
        // Regression: a default destination in OriginOptions was kept next to the configured one
        // (the binder appends to a pre-filled list), and YARP chose between them at random.
        var config = _gateway.Services.GetRequiredService<IProxyConfigProvider>().GetConfig();

        var destination = Assert.Single(Assert.Single(config.Clusters).Destinations!);
        Assert.Equal(_gateway.Origin.BaseAddress, destination.Value.Address);
    }

    [Fact]
    public async Task WhepDelete_AnswersOriginStatusAndSendsOneClosing()
    {
        var link = _gateway.SignedLink("app/cam1", suffix: "/whep", subject: "alice");
        using var offer = await GateProbe.OfferAsync(_gateway, link);
        Assert.Equal(201, (int)offer.StatusCode);

        // Regression: ending the session aborted this very request, so the client saw a reset.
        using var delete = await _gateway.Client.DeleteAsync(new Uri(new Uri(link), offer.Headers.Location!));

        Assert.Equal(200, (int)delete.StatusCode);
        await ExactlyOnce.SingleAsync(() => _gateway.Webhook.Closings, "closing webhook");
        var last = _gateway.Origin.Hits.Last();
        Assert.Equal("DELETE", last.Method);
        Assert.True(last.TicketAccepted);
    }

    [Fact]
    public async Task WhepDelete_OriginHadEndedTheSession404_SessionClosedOnceAsWhepDelete()
    {
        var link = _gateway.SignedLink("app/cam1", suffix: "/whep", subject: "alice");
        using var offer = await GateProbe.OfferAsync(_gateway, link);
        Assert.Equal(201, (int)offer.StatusCode);
        _gateway.Origin.DeleteStatus = 404;

        using var delete = await _gateway.Client.DeleteAsync(new Uri(new Uri(link), offer.Headers.Location!));

        // The origin's answer passes through; the viewer has left, so the session closes here, once.
        Assert.Equal(404, (int)delete.StatusCode);
        await ExactlyOnce.SingleAsync(() => _gateway.Webhook.Closings, "closing webhook");
        var end = await ExactlyOnce.SingleAsync(
            () => _gateway.AuditRecords().Where(r => r.GetProperty("type").GetString() == "session.end"), "session.end record");
        Assert.Equal("whep_delete", end.GetProperty("end_reason").GetString());
        Assert.Empty(_gateway.Sessions.All);
    }
}
