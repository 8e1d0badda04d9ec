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
}
