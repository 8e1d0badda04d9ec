using SecureStream.Policy.Sessions;

namespace SecureStream.Media.Origin;

/// <summary>
/// The session-end seam of a front door with no origin in its process (front-door-only mode,
/// docs/architecture.md "The origin's face"): no viewer session is live here, so every request to
/// end one answers false and the front door closes the session itself; no end is ever reported.
/// </summary>
internal sealed class NoViewerSessionEnds : IViewerSessionEnds
{
    public bool RequestEnd(string sessionId, SessionEndReason reason) => false;

    public void Observe(IViewerSessionObserver observer) => ArgumentNullException.ThrowIfNull(observer);
}
