using System.Net;

namespace SecureStream.Policy.Audit;

/// <summary>
/// The demo wall handed one client its set of links (one per demo camera), signed with the demo
/// wall's own key. One record per issuance; refused requests for links write none (they issue
/// nothing, and recording each would let a flood write the journal). Security invariant: names
/// the key by id, never the links or their signatures.
/// </summary>
internal sealed class DemoLinksIssuedRecord : AuditRecord
{
    /// <summary>The client the links were given to.</summary>
    public required IPAddress ClientIp { get; init; }

    /// <summary>Where <see cref="ClientIp"/> came from.</summary>
    public ClientIpSource ClientIpSource { get; init; }

    /// <summary>The id of the key that signed them.</summary>
    public required string KeyId { get; init; }

    /// <summary>The app they open (<c>demo</c>).</summary>
    public required string App { get; init; }

    /// <summary>How many links (one per camera).</summary>
    public int Links { get; init; }

    /// <summary>When they stop being accepted (<c>url_expire</c>).</summary>
    public DateTimeOffset ExpiresAt { get; init; }

    /// <inheritdoc />
    public override string EventType => AuditEventTypes.DemoLinkIssued;

    /// <inheritdoc />
    internal override string ReasonCode => "issued";

    /// <inheritdoc />
    internal override void WriteFields(IAuditFieldWriter writer)
    {
        writer.WriteString("client_ip", ClientIp.ToAuditText());
        writer.WriteString("client_ip_source", ClientIpSource.ToCode());
        writer.WriteString("key_id", KeyId);
        writer.WriteString("app", App);
        writer.WriteNumber("links", Links);
        writer.WriteString("expires_at", ExpiresAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture));
    }
}
