namespace SecureStream.Policy.Audit;

/// <summary>An administrator lifted a source's lockout before it ended (docs/audit.md "Lockout").</summary>
internal sealed class SourceLockoutLiftedRecord : AuditRecord
{
    /// <summary>The source: an IPv4 address or an IPv6 /64 prefix.</summary>
    public required string Source { get; init; }

    /// <summary>Who lifted it: the management API's operator name.</summary>
    public required string Operator { get; init; }

    /// <summary>The address the management request came from.</summary>
    public string? AdminIp { get; init; }

    /// <summary>When the lockout would have ended.</summary>
    public required DateTimeOffset Until { get; init; }

    /// <inheritdoc />
    public override string EventType => AuditEventTypes.SourceLockoutLifted;

    /// <inheritdoc />
    internal override void WriteFields(IAuditFieldWriter writer)
    {
        writer.WriteString("client_ip", Source);
        writer.WriteString("operator", Operator);
        writer.WriteString("admin_ip", AdminIp);
        writer.WriteString("until", RefusalSummaryRecord.Format(Until));
    }
}
