using SecureStream.Policy.Sessions;

namespace SecureStream.Media.Origin;

/// <summary>
/// The front door → origin half of the session-end seam (docs/architecture.md, "Session ends"):
/// ask the origin to end a session's media, and say who hears the ends it reports. The origin's
/// live viewer sessions implement it in one process; a transport between processes would
/// implement it on the front door's side.
/// </summary>
/// <remarks>
/// The two halves point one way each, so nothing resolves anything lazily to break a cycle: the
/// origin is built first and knows no front door; the front door's session registry is built with
/// this interface and then registers itself with <see cref="Observe"/>. A session's end then
/// always reaches the front door the same way, as an <see cref="IViewerSessionObserver"/> report.
/// </remarks>
public interface IViewerSessionEnds
{
    /// <summary>
    /// Asks the origin to end the session's media with <paramref name="reason"/>. True when the
    /// origin carries the session: its end is then reported to the observer, with the origin's own
    /// reason instead when it had already decided to end the session (first cause wins). False when
    /// the session is not live there (it never reached the origin, or its end was already
    /// reported): the caller then closes it itself.
    /// </summary>
    /// <remarks>
    /// A transport between processes answers true when it handed the request to the origin that
    /// carries the session, and, should that origin answer it does not, reports the end itself
    /// with <paramref name="reason"/> and no octets, so the session is still closed exactly once.
    /// </remarks>
    bool RequestEnd(string sessionId, SessionEndReason reason);

    /// <summary>
    /// Registers the one observer told of every session end from now on (the front door, once, at
    /// start-up). Until then ends are told to nobody: an origin running alone has no front door to tell.
    /// </summary>
    /// <exception cref="InvalidOperationException">An observer is registered already.</exception>
    void Observe(IViewerSessionObserver observer);
}
