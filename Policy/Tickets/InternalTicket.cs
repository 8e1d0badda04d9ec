using SecureStream.Policy.Access;

namespace SecureStream.Policy.Tickets;

/// <summary>
/// What the front door tells the origin about one admitted signalling request. The origin trusts
/// nothing else: operator, camera, session and deadline come from here, never from the client.
/// </summary>
/// <param name="TicketId">Unique per ticket; the origin accepts each id once.</param>
/// <param name="SessionId">The admitted session this request belongs to.</param>
/// <param name="Camera">The camera the gate authorised; the origin must serve exactly this one.</param>
/// <param name="Operator">Operator key (<c>op:alice</c> or <c>anonymous</c>).</param>
/// <param name="ExpiresAt">The ticket itself is short-lived (seconds): it only has to reach the origin.</param>
/// <param name="SessionEnd">Hard end of the session: min(stream_expire, webhook lifetime, token sx); null = none.</param>
/// <param name="ForwardedQuery">The sanitised query the camera may see (already re-encoded).</param>
internal sealed record InternalTicket(
    string TicketId,
    string SessionId,
    CameraPath Camera,
    string Operator,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? SessionEnd,
    string ForwardedQuery)
{
    /// <summary>
    /// Which of the camera's streams the gate admitted (<c>?rendition=</c>; docs/cameras.md
    /// "Substreams"). Signed with the rest of the ticket, so a viewer cannot change it on the way
    /// to the origin; it only ever selects a stream of <see cref="Camera"/>.
    /// </summary>
    public CameraRendition Rendition { get; init; }

    /// <summary>
    /// The node id of the front door that admitted the session (cluster mode; docs/cluster.md
    /// "Sessions across nodes"): the origin reports the session's end to that node. Null on a
    /// single node, and in tickets minted before it existed, which stay valid.
    /// </summary>
    public string? AdmittedBy { get; init; }
}
