namespace SecureStream.Proxy.Sessions;

/// <summary>The front door's way to end a session's media on the origin (kick, revocation, deadline, shutdown).</summary>
internal interface IOriginSessions
{
    /// <summary>Ends the session's media with <paramref name="reasonCode"/>; returns the octets it had sent (0 when it is not live there).</summary>
    long End(string sessionId, string reasonCode);
}
