using SecureStream.Policy.Access;

namespace SecureStream.Policy.Audit;

/// <summary>
/// A source crossed the signature/token failure threshold and is refused until
/// <see cref="Until"/> (docs/audit.md "Lockout"). Written once per lockout: the requests refused
/// while it lasts are <c>locked_out</c> refusals, aggregated like every pre-authentication refusal.
/// </summary>
internal sealed class SourceLockedOutRecord : AuditRecord
{
    /// <summary>The source: an IPv4 address or an IPv6 /64 prefix.</summary>
    public required string Source { get; init; }

    /// <summary>Signature or token failures counted in the window that ended in the lockout.</summary>
    public required long Failures { get; init; }

    /// <summary>The counting window in seconds.</summary>
    public required long WindowSeconds { get; init; }

    /// <summary>When the lockout ends.</summary>
    public required DateTimeOffset Until { get; init; }

    /// <summary>The failure that crossed the threshold.</summary>
    public required AccessReason LastReason { get; init; }

    /// <inheritdoc />
    public override string EventType => AuditEventTypes.SourceLockedOut;

    /// <inheritdoc />
    internal override string Decision => "deny";

    /// <inheritdoc />
    internal override string ReasonCode => AccessReason.LockedOut.ToCode();

    /// <inheritdoc />
    internal override void WriteFields(IAuditFieldWriter writer)
    {
        writer.WriteString("client_ip", Source);
        writer.WriteNumber("failures", Failures);
        writer.WriteNumber("window_s", WindowSeconds);
        writer.WriteString("until", RefusalSummaryRecord.Format(Until));
        writer.WriteString("last_reason", LastReason.ToCode());
    }
}
