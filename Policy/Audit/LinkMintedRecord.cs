using System.Globalization;

namespace SecureStream.Policy.Audit;

/// <summary>
/// An administrator minted a viewer link (a signed link or a token) for one camera and one
/// operator through the management API (docs/audit.md "link.minted"). Written before the link is
/// handed out; a link whose record cannot be written is not handed out. Security invariant: names
/// the link by its id and the key by its id, never the link, the token or a signature.
/// </summary>
internal sealed class LinkMintedRecord : AuditRecord
{
    /// <summary>The administrator who asked (<c>Management:AccessToken</c>'s <c>management</c> or a named one).</summary>
    public required string Administrator { get; init; }

    /// <summary>The address the management request came from.</summary>
    public string? AdminIp { get; init; }

    /// <summary>The operator the link is for (its <c>sub</c>).</summary>
    public required string Operator { get; init; }

    /// <summary>The camera's app.</summary>
    public required string App { get; init; }

    /// <summary>The camera's stream name.</summary>
    public required string Camera { get; init; }

    /// <summary><c>main</c> or <c>sub</c>.</summary>
    public required string Rendition { get; init; }

    /// <summary><c>signed</c> (an OME signed link) or <c>token</c> (a JWT).</summary>
    public required string Kind { get; init; }

    /// <summary>The link's id (<c>jti</c>): what its viewers' decisions carry as <c>credential_id</c> <c>jti:&lt;id&gt;</c>.</summary>
    public required string LinkId { get; init; }

    /// <summary>The id of the key that signed it.</summary>
    public string? KeyId { get; init; }

    /// <summary>When it stops being accepted.</summary>
    public required DateTimeOffset ExpiresAt { get; init; }

    /// <inheritdoc />
    public override string EventType => AuditEventTypes.LinkMinted;

    /// <inheritdoc />
    internal override string ReasonCode => "minted";

    /// <inheritdoc />
    internal override void WriteFields(IAuditFieldWriter writer)
    {
        writer.WriteString("administrator", Administrator);
        writer.WriteString("admin_ip", AdminIp);
        writer.WriteString("operator", Operator);
        writer.WriteString("app", App);
        writer.WriteString("camera", Camera);
        writer.WriteString("rendition", Rendition);
        writer.WriteString("kind", Kind);
        writer.WriteString("link_id", LinkId);
        writer.WriteString("key_id", KeyId);
        writer.WriteString("expires_at", ExpiresAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
    }
}
