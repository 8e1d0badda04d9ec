namespace SecureStream.Policy.Sessions;

/// <summary>
/// Why a viewing session ended: the one closed list both the origin and the front door use. The
/// origin decides most of them (the viewer hung up, consent lost, the camera gone, its deadline
/// timer); the front door asks the origin to end a session with its own (a kick, a revocation,
/// shutdown). The wire code (<see cref="SessionEndReasonCodes"/>) goes into the <c>session.end</c>
/// audit record's <c>end_reason</c> (docs/audit.md, docs/reason-codes.md) and is what travels
/// between processes; a member is never renamed in the wire or reused.
/// </summary>
public enum SessionEndReason
{
    /// <summary>The viewer hung up: closed its signalling WebSocket or sent <c>stop</c>, dropped it without a close, or closed its peer connection (DTLS close_notify).</summary>
    HangUp,

    /// <summary>The viewer sent WHEP <c>DELETE</c>.</summary>
    WhepDelete,

    /// <summary>The session's deadline passed: <c>stream_expire</c>, a token's <c>sx</c> or the webhook's <c>lifetime</c>.</summary>
    Deadline,

    /// <summary>An administrator kicked it (management API), or deleted its camera.</summary>
    Kicked,

    /// <summary>The policy no longer allows it: its operator lost the camera, or its key was retired or removed.</summary>
    Revoked,

    /// <summary>The origin refused the admitted request (or could not be reached), or refused to carry the session it had started.</summary>
    OriginRefused,

    /// <summary>The webhook admitted it but the admission could not be audited, so it was ended at once.</summary>
    AuditFailed,

    /// <summary>The gateway (or the origin) is shutting down.</summary>
    Shutdown,

    /// <summary>The viewer vanished: no ICE consent for about 30 s, or ICE never completed.</summary>
    ConsentLost,

    /// <summary>The DTLS handshake failed (certificate mismatch, no common SRTP profile, timeout).</summary>
    ConnectFailed,

    /// <summary>The camera's stream ended for good (down past failover, removed, tracks changed).</summary>
    CameraGone,

    /// <summary>The origin ended the session for a reason of its own (an internal error), or broke its signalling connection.</summary>
    OriginError,

    /// <summary>A snapshot was answered (a JPEG): its one request is the whole session.</summary>
    SnapshotServed,

    /// <summary>The origin that carried the session went away (cluster mode); a single process never ends a session with it.</summary>
    OriginLost,
}
