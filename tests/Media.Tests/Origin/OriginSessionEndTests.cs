using System.Net;
using SecureStream.Media.Origin;
using SecureStream.Media.Tests.WebRtc.Sdp;
using SecureStream.Policy.Sessions;
using SecureStream.Policy.Tickets;

namespace SecureStream.Media.Tests.Origin;

/// <summary>
/// The origin's side of the session-end seam (<see cref="IViewerSessionEnds"/>): the front door
/// asks it to end a session, and the origin reports every end once, after its teardown, with
/// the first cause.
/// </summary>
public sealed class OriginSessionEndTests
{
    [Fact]
    public async Task RequestEnd_OfALiveSession_EndsItAndReportsTheRequestedReasonOnce()
    {
        await using var origin = await OriginUnderTest.StartAsync();
        var sessionId = await StartSessionAsync(origin);

        Assert.True(origin.Ends.RequestEnd(sessionId, SessionEndReason.Kicked));

        var end = await WhepOriginTests.WaitForEndAsync(origin);
        Assert.Equal((sessionId, OriginUnderTest.Camera, SessionEndReason.Kicked), (end.SessionId, end.Camera, end.Reason));
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Single(origin.Ended.Ends);
        Assert.Equal(0, origin.Viewers.Count);
        // Reported and gone: a later request is told the origin no longer carries it.
        Assert.False(origin.Ends.RequestEnd(sessionId, SessionEndReason.Kicked));
    }

    [Fact]
    public async Task RequestEnd_WhileTheOriginIsEndingItForItsOwnCause_ReportsTheFirstCauseOnce()
    {
        await using var origin = await OriginUnderTest.StartAsync();
        var sessionId = await StartSessionAsync(origin);
        var viewer = Assert.Single(origin.Viewers.All);

        // The origin's deadline timer fires; the front door's kick comes while the teardown runs
        // (or just after its report: then the origin says it no longer carries the session).
        viewer.Session.End(SessionEndReason.Deadline);
        origin.Ends.RequestEnd(sessionId, SessionEndReason.Kicked);

        var end = await WhepOriginTests.WaitForEndAsync(origin);
        Assert.Equal((sessionId, SessionEndReason.Deadline), (end.SessionId, end.Reason));
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Single(origin.Ended.Ends);
    }

    [Fact]
    public async Task RequestEnd_OfASessionNotOnThisOrigin_FalseAndNothingReported()
    {
        await using var origin = await OriginUnderTest.StartAsync();

        Assert.False(origin.Ends.RequestEnd(TicketIssuer.NewId(), SessionEndReason.Kicked));

        await Task.Delay(TimeSpan.FromMilliseconds(300));
        Assert.Empty(origin.Ended.Ends);
    }

    [Fact]
    public async Task Observe_ASecondObserver_Refused()
    {
        await using var origin = await OriginUnderTest.StartAsync();

        Assert.Throws<InvalidOperationException>(() => origin.Ends.Observe(new OriginUnderTest.RecordingObserver()));
    }

    private static async Task<string> StartSessionAsync(OriginUnderTest origin)
    {
        var sessionId = TicketIssuer.NewId();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var created = await origin.Client.SendAsync(
            WhepOriginTests.Offer("/app/cam1/whep", origin.Ticket(sessionId: sessionId), ChromiumOffers.Offer), timeout.Token);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(1, origin.Viewers.Count);
        return sessionId;
    }
}
