using SecureStream.Media.Origin;
using SecureStream.Proxy.Management;

namespace SecureStream.Proxy.Tests.Management;

public sealed class SessionViewTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);

    private static readonly SessionView View = new("s1", "app/cam1", "op:alice", "whep", "192.0.2.10", Start, null);

    [Fact]
    public void WithFigures_OriginHasTheSession_DurationOctetsAndIcePath()
    {
        var listed = View.WithFigures(Start.AddSeconds(90.5), new FixedStatistics("s1", new ViewerSessionFigures(123_456, IcePath.UdpServerReflexive)));

        Assert.Equal(90.5, listed.DurationSeconds);
        Assert.Equal(123_456, listed.OctetsSent);
        Assert.Equal("udp_srflx", listed.IcePath);
    }

    [Fact]
    public void WithFigures_NoOriginHereOrNotItsSession_FiguresNull()
    {
        var frontDoorOnly = View.WithFigures(Start.AddSeconds(5), null);
        var otherSession = View.WithFigures(Start.AddSeconds(5), new FixedStatistics("s2", new ViewerSessionFigures(1, IcePath.Tcp)));

        Assert.All([frontDoorOnly, otherSession], listed =>
        {
            Assert.Equal(5, listed.DurationSeconds);
            Assert.Null(listed.OctetsSent);
            Assert.Null(listed.IcePath);
        });
    }

    /// <summary>The origin's figures for one session, as an embedded origin would report them.</summary>
    private sealed class FixedStatistics(string sessionId, ViewerSessionFigures figures) : IViewerSessionStatistics
    {
        public ViewerSessionFigures? FiguresOf(string id) => id == sessionId ? figures : null;
    }
}
