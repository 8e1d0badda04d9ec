namespace SecureStream.Proxy.Sessions;

/// <summary>Why a session ended; the code goes into the <c>session.end</c> audit record.</summary>
internal enum SessionEndReason
{
    HangUp,
    WhepDelete,
    Deadline,
    Kicked,
    Revoked,
    OriginRefused,
    AuditFailed,
    Shutdown,

    /// <summary>The viewer vanished: no ICE consent for about 30 s, or ICE never completed.</summary>
    ConsentLost,

    /// <summary>The DTLS handshake failed (certificate mismatch, no common SRTP profile, timeout).</summary>
    ConnectFailed,

    /// <summary>The camera's stream ended for good (down past failover, removed, tracks changed).</summary>
    CameraGone,

    /// <summary>The origin ended the session for a reason of its own (an internal error).</summary>
    OriginError,

    /// <summary>A snapshot was answered (a JPEG or the origin's refusal): its one request is the whole session.</summary>
    SnapshotServed,
}
