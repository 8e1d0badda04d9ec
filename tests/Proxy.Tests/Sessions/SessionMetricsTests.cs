using SecureStream.Media.Origin;
using SecureStream.Policy.Access;
using SecureStream.Policy.Audit;
using SecureStream.Policy.Sessions;
using SecureStream.Policy.Tests.Infrastructure;
using SecureStream.Proxy.Sessions;

namespace SecureStream.Proxy.Tests.Sessions;

/// <summary>Sessions live by protocol follow the registry; each session's end is counted once, at its one closing, with its reason.</summary>
public sealed class SessionMetricsTests : IDisposable
{
    private const string Active = "securestream.sessions.active";
    private const string Ended = "securestream.sessions.ended";

    private readonly RecordingMeterFactory _meters = new();

    public void Dispose() => _meters.Dispose();

    [Fact]
    public void AddAndEnd_ActiveByProtocolFollows_EndCountedWithItsReason()
    {
        var registry = new SessionRegistry(new NoCloser(), TimeProvider.System, metrics: new SessionMetrics(_meters));
        var whep = Session(AuditProtocol.Whep);
        var websocket = Session(AuditProtocol.WebRtcWs);
        registry.Add(whep);
        registry.Add(websocket);
        registry.Add(Session(AuditProtocol.WebRtcWs));

        Assert.Equal(1, _meters.Observe($"{Active}{{protocol=whep}}"));
        Assert.Equal(2, _meters.Observe($"{Active}{{protocol=webrtc-ws}}"));
        Assert.Equal(0, _meters.Observe($"{Active}{{protocol=snapshot}}"));

        Assert.True(registry.End(whep, SessionEndReason.Kicked));
        Assert.False(registry.End(whep, SessionEndReason.Deadline));
        registry.End(websocket, SessionEndReason.HangUp);

        Assert.Equal(0, _meters.Observe($"{Active}{{protocol=whep}}"));
        Assert.Equal(1, _meters.Observe($"{Active}{{protocol=webrtc-ws}}"));
        Assert.Equal(2, _meters.Sum(Ended));
        Assert.Equal(1, _meters.Sum($"{Ended}{{reason=kicked}}"));
        Assert.Equal(1, _meters.Sum($"{Ended}{{reason=hang_up}}"));
        Assert.Equal(0, _meters.Sum($"{Ended}{{reason=deadline}}"));
    }

    [Fact]
    public void EndRequestedThenReportedByOrigin_CountedOnceWithTheOriginsReason()
    {
        var origin = new CarryingOrigin();
        var registry = new SessionRegistry(new NoCloser(), TimeProvider.System, origin, metrics: new SessionMetrics(_meters));
        var session = Session(AuditProtocol.Whep);
        registry.Add(session);

        registry.End(session, SessionEndReason.Kicked);
        Assert.Equal(0, _meters.Sum(Ended)); // asked, not closed yet: still live
        Assert.Equal(1, _meters.Observe($"{Active}{{protocol=whep}}"));

        origin.Observer!.SessionEnded(new ViewerSessionEnd(session.Id, session.Camera, SessionEndReason.Kicked, 10));
        origin.Observer!.SessionEnded(new ViewerSessionEnd(session.Id, session.Camera, SessionEndReason.Kicked, 10));

        Assert.Equal(1, _meters.Sum($"{Ended}{{reason=kicked}}"));
        Assert.Equal(1, _meters.Sum(Ended));
        Assert.Equal(0, _meters.Observe($"{Active}{{protocol=whep}}"));
    }

    private static AdmittedSession Session(AuditProtocol protocol) => new()
    {
        Id = Guid.NewGuid().ToString("N"),
        Camera = new CameraPath("app", "cam1"),
        OperatorKey = "op:alice",
        CredentialKind = "signed_policy",
        Protocol = protocol,
        ClientIp = "127.0.0.1",
        Url = "http://127.0.0.1/app/cam1/whep",
        StartedAt = DateTimeOffset.UtcNow,
    };

    private sealed class NoCloser : ISessionCloser
    {
        public void Close(AdmittedSession session, SessionEndReason reason)
        {
        }
    }

    /// <summary>An origin that carries every session: an end is a request, closed by its report.</summary>
    private sealed class CarryingOrigin : IViewerSessionEnds
    {
        public IViewerSessionObserver? Observer { get; private set; }

        public bool RequestEnd(string sessionId, SessionEndReason reason) => true;

        public void Observe(IViewerSessionObserver observer) => Observer = observer;
    }
}
