namespace SecureStream.Media.Origin;

/// <summary>
/// The front door's half of the session seam (part of the origin's face, docs/architecture.md
/// "The origin's face"): ends the viewer session a front door admitted (kick, revocation,
/// deadline, shutdown) and reads what it sent, by the front door's session id. The other half,
/// the origin telling the front door a session ended, is <see cref="IViewerSessionObserver"/>.
/// </summary>
public interface IOriginViewerSessions
{
    /// <summary>The media payload octets the session has sent so far; false when it is not live here.</summary>
    bool TryGetOctetsSent(string sessionId, out long octetsSent);

    /// <summary>
    /// Ends the session with <paramref name="reason"/> (the first reason wins) and returns the
    /// reason it ends with; null when it is not live here.
    /// </summary>
    string? EndSession(string sessionId, string reason);
}

/// <summary>A front door with no origin in its process (front-door-only mode): no viewer session is live here.</summary>
internal sealed class NoOriginViewerSessions : IOriginViewerSessions
{
    public bool TryGetOctetsSent(string sessionId, out long octetsSent)
    {
        octetsSent = 0;
        return false;
    }

    public string? EndSession(string sessionId, string reason) => null;
}
