using Microsoft.Extensions.Logging.Abstractions;
using SecureStream.Media.Origin;
using SecureStream.Media.Tests.WebRtc.Sdp;
using SecureStream.Media.Tests.WebRtc.Sessions;
using SecureStream.ViewerClient;

namespace SecureStream.Media.Tests.Origin;

public sealed class OriginViewerStatisticsTests : IAsyncLifetime
{
    private readonly SessionFixture _fixture = new();
    private ViewerTransport _browser = null!;

    public Task InitializeAsync()
    {
        _browser = new ViewerTransport(_fixture.Endpoint.UdpLocalEndPoint, ChromiumOffers.Ufrag);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        await _fixture.DisposeAsync();
    }

    [Fact]
    public async Task FiguresOf_LiveSession_OctetsOnTheWireAndItsPath_UnknownSessionNull()
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var viewers = new OriginViewers(NullLogger<OriginViewers>.Instance);
        IViewerSessionStatistics statistics = new OriginViewerStatistics(viewers);
        var session = await _fixture.CreateAsync(ViewerSessionMetricsTests.WithHostCandidate(ChromiumOffers.For(_browser.Certificate), _browser.LocalEndPoint.Port));
        Assert.True(viewers.TryAdd(new OriginViewer("s-test", null, SessionFixture.Camera, session)));

        Assert.Equal(new ViewerSessionFigures(0, IcePath.Connecting), statistics.FiguresOf("s-test"));

        var emit = _fixture.EmitAsync(guard.Token);
        var (srtp, _) = await ViewerSessionMetricsTests.PlayAsync(_browser, session, guard.Token);
        srtp.Dispose();

        // The writer counts a batch once its send has completed, which may be just after the
        // viewer has read it: wait for the count (the guard fails the test if it never comes).
        var figures = statistics.FiguresOf("s-test");
        while (figures is not null && figures.OctetsSent == 0)
        {
            await Task.Delay(10, guard.Token);
            figures = statistics.FiguresOf("s-test");
        }

        Assert.NotNull(figures);
        Assert.Equal(IcePath.UdpHost, figures.Path);
        Assert.True(figures.OctetsSent > 0);
        Assert.True(figures.OctetsSent <= session.WireOctetsSent);
        Assert.Null(statistics.FiguresOf("s-other"));

        await guard.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => emit);
        Assert.True(viewers.RequestEnd("s-test", SecureStream.Policy.Sessions.SessionEndReason.Kicked));
        await session.Ended.WaitAsync(TimeSpan.FromSeconds(20));
        var ended = viewers.TryGet("s-test", out var stillListed) ? stillListed!.EndReported : Task.CompletedTask;
        await ended.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Null(statistics.FiguresOf("s-test"));
    }
}
