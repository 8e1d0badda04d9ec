namespace SecureStream.Media.Origin;

/// <summary>
/// The origin → front door half of the session-end seam (docs/architecture.md, "Session ends"):
/// told once, after its teardown, of every viewer session that ended on the origin, whoever ended
/// it. The front door closes the admitted session from this report (one closing webhook, one
/// <c>session.end</c> record). In one process the front door's session registry implements it; a
/// transport between processes would implement it on the origin's side and deliver the report
/// to the front door that admitted the session.
/// </summary>
public interface IViewerSessionObserver
{
    /// <summary>
    /// <paramref name="ended"/> names the front door's session id, the first cause and the octets
    /// sent. Called on the origin's own tasks: it must not block, and it may come for a session the
    /// front door has already closed (it then does nothing).
    /// </summary>
    void SessionEnded(ViewerSessionEnd ended);
}
