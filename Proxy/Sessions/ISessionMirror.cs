namespace SecureStream.Proxy.Sessions;

/// <summary>
/// Told when a session opens and when it closes, so a copy of the live session list can be kept
/// elsewhere (cluster mode: in Redis, so any front door lists and kicks every session;
/// docs/cluster.md, "Sessions across nodes"). Called on the caller's thread: it must not block.
/// </summary>
internal interface ISessionMirror
{
    void Opened(AdmittedSession session);

    void Closed(AdmittedSession session);
}
