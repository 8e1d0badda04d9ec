namespace SecureStream.Proxy.Sessions;

/// <summary>The front door's way to end a session's media on the origin (kick, revocation, deadline, shutdown).</summary>
internal interface IOriginSessions
{
    /// <summary>
    /// Ends the session's media with <paramref name="reason"/>. Returns the octets it had sent (0
    /// when it is not live there) and the reason it ends with: <paramref name="reason"/>, or the
    /// origin's own when the origin had already decided to end it (its deadline timer, the camera,
    /// lost consent) and was still tearing it down, so the audit record names the first cause.
    /// </summary>
    (long OctetsSent, SessionEndReason Reason) End(string sessionId, SessionEndReason reason);
}
