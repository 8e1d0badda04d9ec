using SecureStream.Media.Origin;
using SecureStream.Media.WebRtc.Sessions;
using SecureStream.Policy.Access;
using SecureStream.Policy.Audit;
using SecureStream.Proxy.Sessions;

namespace SecureStream.Proxy.Tests.Sessions;

/// <summary>
/// The front door's registry and the origin end each other's sessions, and whichever side ends
/// first, the session is closed exactly once with its real reason and the origin's byte count.
/// </summary>
public sealed class SessionRegistryOriginTests
{
    [Fact]
    public void End_FromTheFrontDoor_EndsTheMediaWithTheReasonCodeAndCountsItsBytes()
    {
        var closer = new RecordingCloser();
        var origin = new RecordingOrigin(octets: 1234);
        var registry = new SessionRegistry(closer, TimeProvider.System, origin);
        var session = Session();
        registry.Add(session);

        Assert.True(registry.End(session, SessionEndReason.Kicked));
        Assert.False(registry.End(session, SessionEndReason.Deadline));

        Assert.Equal([(session.Id, SessionEndReason.Kicked)], origin.Ended);
        Assert.Equal([(session.Id, SessionEndReason.Kicked)], closer.Closed);
        Assert.Equal(1234, session.BytesSent);
        Assert.Equal(0, registry.Count);
    }

    [Fact]
    public void End_WhileTheOriginIsAlreadyEndingIt_ClosesOnceWithTheOriginsReason()
    {
        // The origin's deadline timer fired and its close_notify went out; the viewer's DELETE,
        // reacting to it, reaches the front door before the origin has reported the end.
        var closer = new RecordingCloser();
        var origin = new RecordingOrigin(octets: 42, endingAlready: SessionEndReason.Deadline);
        var registry = new SessionRegistry(closer, TimeProvider.System, origin);
        var session = Session();
        registry.Add(session);

        Assert.True(registry.End(session, SessionEndReason.WhepDelete));
        Assert.False(registry.EndFromOrigin(session, SessionEndReason.Deadline, 42));

        Assert.Equal([(session.Id, SessionEndReason.Deadline)], closer.Closed);
        Assert.Equal(42, session.BytesSent);
    }

    [Fact]
    public void EndFromOrigin_ClosesOnceWithTheOriginsReasonAndBytes_WithoutCallingTheOriginBack()
    {
        var closer = new RecordingCloser();
        var origin = new RecordingOrigin(octets: 99);
        var registry = new SessionRegistry(closer, TimeProvider.System, origin);
        var session = Session();
        registry.Add(session);

        Assert.True(registry.EndFromOrigin(session, SessionEndReason.ConsentLost, 5000));
        Assert.False(registry.End(session, SessionEndReason.HangUp));
        Assert.False(registry.EndFromOrigin(session, SessionEndReason.CameraGone, 1));

        Assert.Empty(origin.Ended);
        Assert.Equal([(session.Id, SessionEndReason.ConsentLost)], closer.Closed);
        Assert.Equal(5000, session.BytesSent);
        Assert.True(session.EndedToken.IsCancellationRequested);
    }

    [Theory]
    [InlineData(ViewerEndReasons.WhepDelete, nameof(SessionEndReason.WhepDelete))]
    [InlineData(ViewerEndReasons.HangUp, nameof(SessionEndReason.HangUp))]
    [InlineData(WebRtcSessionEndReasons.DtlsClosed, nameof(SessionEndReason.HangUp))]
    [InlineData(ViewerEndReasons.Shutdown, nameof(SessionEndReason.Shutdown))]
    [InlineData(WebRtcSessionEndReasons.Deadline, nameof(SessionEndReason.Deadline))]
    [InlineData(WebRtcSessionEndReasons.ConsentLost, nameof(SessionEndReason.ConsentLost))]
    [InlineData(WebRtcSessionEndReasons.DtlsFailed, nameof(SessionEndReason.ConnectFailed))]
    [InlineData(WebRtcSessionEndReasons.CameraEnded, nameof(SessionEndReason.CameraGone))]
    [InlineData(WebRtcSessionEndReasons.InternalError, nameof(SessionEndReason.OriginError))]
    [InlineData("something_new", nameof(SessionEndReason.OriginError))]
    public void OriginReasons_MapOntoTheAuditedList(string originReason, string expected) =>
        Assert.Equal(Enum.Parse<SessionEndReason>(expected), EmbeddedOriginSessions.ReasonOf(originReason));

    [Fact]
    public void EveryEndReason_HasItsOwnAuditCode()
    {
        var codes = Enum.GetValues<SessionEndReason>().Select(SessionCloser.ToCode).ToList();

        Assert.DoesNotContain("unknown", codes);
        Assert.Equal(codes.Count, codes.Distinct(StringComparer.Ordinal).Count());
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
        public List<(string, SessionEndReason)> Closed { get; } = [];

        public void Close(AdmittedSession session, SessionEndReason reason) => Closed.Add((session.Id, reason));
    }

    private sealed class RecordingOrigin(long octets, SessionEndReason? endingAlready = null) : IOriginSessions
    {
        public List<(string, SessionEndReason)> Ended { get; } = [];

        public (long OctetsSent, SessionEndReason Reason) End(string sessionId, SessionEndReason reason)
        {
            Ended.Add((sessionId, reason));
            return (octets, endingAlready ?? reason);
        }
    }
}
