using SecureStream.Policy.Access;
using SecureStream.Policy.Sessions;

namespace SecureStream.Media.Origin;

/// <summary>
/// A viewer session on this origin ended. <paramref name="SessionId"/> is the front door's
/// admitted session (from the ticket), so the front door can close it: one closing webhook and one
/// <c>session.end</c> audit record, whoever ended it.
/// </summary>
/// <param name="SessionId">The admitted session's id, as the ticket named it.</param>
/// <param name="Camera">The camera the session watched.</param>
/// <param name="Reason">The first cause: the origin's own, or the one the front door asked for when it asked first.</param>
/// <param name="OctetsSent">Media payload octets sent to the viewer.</param>
public sealed record ViewerSessionEnd(string SessionId, CameraPath Camera, SessionEndReason Reason, long OctetsSent)
{
    /// <summary>
    /// The node id of the front door that admitted the session (from its ticket, cluster mode), to
    /// which the report travels (docs/cluster.md, "Sessions across nodes"); null on a single node.
    /// </summary>
    public string? AdmittedBy { get; init; }
}
