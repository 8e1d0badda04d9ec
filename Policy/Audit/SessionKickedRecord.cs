namespace SecureStream.Policy.Audit;

/// <summary>
/// An administrator kicked a live session through the management API (docs/audit.md
/// "session.kicked"). Written by the front door that admitted the session, whichever front door's
/// API was asked, just before it requests the end; the session's own <c>session.end</c> follows.
/// </summary>
internal sealed class SessionKickedRecord : AuditRecord
{
    /// <summary>The kicked session.</summary>
    public required string SessionId { get; init; }

    /// <summary>Who kicked it: the management API's operator name.</summary>
    public required string Operator { get; init; }

    /// <summary>The address the management request came from.</summary>
    public string? AdminIp { get; init; }

    /// <summary>The front door whose management API was asked, when it was another one (cluster mode).</summary>
    public string? ViaNode { get; init; }

    /// <inheritdoc />
    public override string EventType => AuditEventTypes.SessionKicked;

    /// <inheritdoc />
    internal override void WriteFields(IAuditFieldWriter writer)
    {
        writer.WriteString("session_id", SessionId);
        writer.WriteString("operator", Operator);
        writer.WriteString("admin_ip", AdminIp);
        writer.WriteString("via_node", ViaNode);
    }
}
