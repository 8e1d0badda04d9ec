using Microsoft.Extensions.Time.Testing;
using SecureStream.Media.Origin;
using SecureStream.Policy.Access;
using SecureStream.Policy.Audit;
using SecureStream.Policy.Sessions;
using SecureStream.Proxy.Sessions;

namespace SecureStream.Proxy.Tests.Sessions;

/// <summary>
/// A session's end travels one way: the front door asks the origin, the origin reports, and the
/// session is closed from that report exactly once with the first cause and the origin's byte
/// count. Only a session the origin does not carry is closed by the front door itself.
/// </summary>
public sealed class SessionRegistryOriginTests
{
    [Fact]
    public void Constructed_RegistersAsTheOriginsOneObserver()
    {
        var origin = new RecordingOrigin();

        var registry = new SessionRegistry(new RecordingCloser(), TimeProvider.System, origin);

        Assert.Same(registry, origin.Observer);
    }

    [Fact]
    public void End_OfASessionTheOriginCarries_IsARequest_ClosedOnlyByTheOriginsReport()
    {
        var closer = new RecordingCloser();
        var origin = new RecordingOrigin { Carries = true };
        var registry = new SessionRegistry(closer, TimeProvider.System, origin);
        var session = Session();
        registry.Add(session);

        Assert.True(registry.End(session, SessionEndReason.Kicked));
        Assert.False(registry.End(session, SessionEndReason.Deadline));

        Assert.Equal([(session.Id, SessionEndReason.Kicked)], origin.Requested);
        Assert.Empty(closer.Closed);
        Assert.True(session.HasEnded);
        Assert.False(registry.TryGetByResource("none", out _));

        origin.Report(session, SessionEndReason.Kicked, octets: 1234);

        Assert.Equal([(session.Id, SessionEndReason.Kicked)], closer.Closed);
        Assert.Equal(1234, session.BytesSent);
        Assert.Equal(0, registry.Count);
        Assert.True(session.EndedToken.IsCancellationRequested);
    }

    [Fact]
    public async Task Kick_RacingTheOriginsOwnEnd_OneRecordWithTheOriginsCause()
    {
        // The origin's deadline timer fired and its teardown is under way when the kick arrives:
        // the origin keeps its own cause and reports it once.
        var closer = new RecordingCloser();
        var origin = new RecordingOrigin { Carries = true, EndingAlready = SessionEndReason.Deadline };
        var registry = new SessionRegistry(closer, TimeProvider.System, origin);
        var session = Session();
        registry.Add(session);

        Assert.True(registry.End(session, SessionEndReason.Kicked));
        origin.Report(session, origin.Decided[session.Id], octets: 42);
        origin.Report(session, SessionEndReason.Kicked, octets: 1);

        await Task.Delay(TimeSpan.FromMilliseconds(200));
        Assert.Equal([(session.Id, SessionEndReason.Deadline)], closer.Closed);
        Assert.Equal(42, session.BytesSent);
    }

    [Fact]
    public async Task Kick_AfterTheOriginReportedItsOwnEnd_DoesNothing()
    {
        var closer = new RecordingCloser();
        var origin = new RecordingOrigin { Carries = true };
        var registry = new SessionRegistry(closer, TimeProvider.System, origin);
        var session = Session();
        registry.Add(session);

        origin.Report(session, SessionEndReason.ConsentLost, octets: 5000);
        Assert.False(registry.End(session, SessionEndReason.Kicked));
        Assert.False(registry.End(session, SessionEndReason.HangUp));

        await Task.Delay(TimeSpan.FromMilliseconds(200));
        Assert.Empty(origin.Requested);
        Assert.Equal([(session.Id, SessionEndReason.ConsentLost)], closer.Closed);
        Assert.Equal(5000, session.BytesSent);
    }

    [Fact]
    public async Task End_OfASessionThatNeverReachedTheOrigin_ClosedByTheFrontDoorOnce()
    {
        // Admitted, then ended (an audit failure, a kick) before the viewer's request reached the
        // origin: the origin does not carry it, so the front door closes it itself. A report that
        // still comes (the viewer got there after all) does not close it again.
        var closer = new RecordingCloser();
        var origin = new RecordingOrigin { Carries = false };
        var registry = new SessionRegistry(closer, TimeProvider.System, origin);
        var session = Session();
        registry.Add(session);

        Assert.True(registry.End(session, SessionEndReason.AuditFailed));
        origin.Report(session, SessionEndReason.HangUp, octets: 7);
        Assert.False(registry.End(session, SessionEndReason.Kicked));

        await Task.Delay(TimeSpan.FromMilliseconds(200));
        Assert.Equal([(session.Id, SessionEndReason.AuditFailed)], origin.Requested);
        Assert.Equal([(session.Id, SessionEndReason.AuditFailed)], closer.Closed);
        Assert.Equal(0, session.BytesSent);
        Assert.Equal(0, registry.Count);
    }

    [Fact]
    public void End_WithoutAnOrigin_ClosesAtOnce()
    {
        var closer = new RecordingCloser();
        var registry = new SessionRegistry(closer, TimeProvider.System);
        var session = Session();
        registry.Add(session);

        Assert.True(registry.End(session, SessionEndReason.SnapshotServed));

        Assert.Equal([(session.Id, SessionEndReason.SnapshotServed)], closer.Closed);
    }

    [Fact]
    public void CloseUnreported_AnEndTheOriginNeverReported_ClosedWithTheRequestedReasonAfterThePatience()
    {
        var time = new FakeTimeProvider();
        var closer = new RecordingCloser();
        var origin = new RecordingOrigin { Carries = true };
        var registry = new SessionRegistry(closer, time, origin);
        var session = Session();
        var live = Session();
        registry.Add(session);
        registry.Add(live);
        registry.End(session, SessionEndReason.Revoked);

        time.Advance(SessionRegistry.OriginReportPatience - TimeSpan.FromSeconds(1));
        Assert.Equal(0, registry.CloseUnreported(SessionRegistry.OriginReportPatience));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, registry.CloseUnreported(SessionRegistry.OriginReportPatience));
        origin.Report(session, SessionEndReason.Revoked, octets: 10);

        Assert.Equal([(session.Id, SessionEndReason.Revoked)], closer.Closed);
        Assert.Equal(1, registry.Count);
        Assert.False(live.HasEnded);
    }

    [Fact]
    public async Task EndAllAsync_WaitsForTheOriginsReports_ThenClosesWhatItNeverReported()
    {
        var closer = new RecordingCloser();
        var origin = new RecordingOrigin { Carries = true };
        var registry = new SessionRegistry(closer, TimeProvider.System, origin);
        var reported = Session();
        var unreported = Session();
        registry.Add(reported);
        registry.Add(unreported);
        origin.OnRequest = (id, reason) =>
        {
            if (id == reported.Id)
            {
                // The origin's teardown takes a moment, then it reports.
                _ = Task.Delay(TimeSpan.FromMilliseconds(100)).ContinueWith(_ => origin.Report(reported, reason, octets: 99), TaskScheduler.Default);
            }
        };
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));

        await registry.EndAllAsync(SessionEndReason.Shutdown, timeout.Token);

        Assert.Equal(0, registry.Count);
        Assert.Equal(2, closer.Closed.Count);
        Assert.All(closer.Closed, closed => Assert.Equal(SessionEndReason.Shutdown, closed.Item2));
        Assert.Equal(99, reported.BytesSent);
        Assert.Equal(0, unreported.BytesSent);
    }

    [Fact]
    public void EndLost_ClosesTheLostOriginsSessionsAtOnce_StillRequests_LateReportDoesNothing()
    {
        var closer = new RecordingCloser();
        var origin = new RecordingOrigin { Carries = true };
        var registry = new SessionRegistry(closer, TimeProvider.System, origin);
        var live = Session();
        var kicked = Session();
        var broken = Session();
        var elsewhere = Session();
        foreach (var session in new[] { live, kicked, broken })
        {
            session.Origin = "http://127.0.0.1:7001";
            registry.Add(session);
        }

        elsewhere.Origin = "http://127.0.0.1:7002";
        registry.Add(elsewhere);
        registry.End(kicked, SessionEndReason.Kicked);
        registry.End(broken, SessionEndReason.OriginError);

        var ended = registry.EndLost(session => session.Origin == "http://127.0.0.1:7001", SessionEndReason.OriginLost);

        Assert.Equal(3, ended);
        Assert.Equal(
            new[] { (live.Id, SessionEndReason.OriginLost), (kicked.Id, SessionEndReason.Kicked), (broken.Id, SessionEndReason.OriginLost) }.Order(),
            closer.Closed.Order());
        Assert.Contains((live.Id, SessionEndReason.OriginLost), origin.Requested);
        Assert.False(elsewhere.HasEnded);
        Assert.Equal(1, registry.Count);

        origin.Report(live, SessionEndReason.HangUp, octets: 10);
        Assert.Equal(3, closer.Closed.Count);
    }

    private static AdmittedSession Session() => new()
    {
        Id = Guid.NewGuid().ToString("N"),
        Camera = new CameraPath("app", "cam1"),
        OperatorKey = "op:alice",
        CredentialKind = "signed_policy",
        Protocol = AuditProtocol.Whep,
        ClientIp = "127.0.0.1",
        Url = "http://127.0.0.1/app/cam1/whep",
        StartedAt = DateTimeOffset.UtcNow,
    };

    private sealed class RecordingCloser : ISessionCloser
    {
        private readonly Lock _gate = new();
        private readonly List<(string, SessionEndReason)> _closed = [];

        public List<(string, SessionEndReason)> Closed
        {
            get
            {
                lock (_gate)
                {
                    return [.. _closed];
                }
            }
        }

        public void Close(AdmittedSession session, SessionEndReason reason)
        {
            lock (_gate)
            {
                _closed.Add((session.Id, reason));
            }
        }
    }

    /// <summary>The origin's side of the seam: records requests, keeps the first cause, reports on demand.</summary>
    private sealed class RecordingOrigin : IViewerSessionEnds
    {
        public bool Carries { get; init; }

        public SessionEndReason? EndingAlready { get; init; }

        public Action<string, SessionEndReason>? OnRequest { get; set; }

        public IViewerSessionObserver? Observer { get; private set; }

        public List<(string, SessionEndReason)> Requested { get; } = [];

        /// <summary>The cause the origin keeps per session: the first one it saw.</summary>
        public Dictionary<string, SessionEndReason> Decided { get; } = [];

        public bool RequestEnd(string sessionId, SessionEndReason reason)
        {
            Requested.Add((sessionId, reason));
            if (!Carries)
            {
                return false;
            }

            Decided.TryAdd(sessionId, EndingAlready ?? reason);
            OnRequest?.Invoke(sessionId, Decided[sessionId]);
            return true;
        }

        public void Observe(IViewerSessionObserver observer) => Observer = observer;

        public void Report(AdmittedSession session, SessionEndReason reason, long octets) =>
            Observer!.SessionEnded(new ViewerSessionEnd(session.Id, session.Camera, reason, octets));
    }
}
