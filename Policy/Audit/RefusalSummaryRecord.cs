using System.Globalization;
using SecureStream.Policy.Access;

namespace SecureStream.Policy.Audit;

/// <summary>
/// Refusals of one reason from one source that were counted instead of written, one record per
/// interval (docs/audit.md "Aggregated refusals"). The interval's first refusal is an ordinary
/// <c>access.decision</c> record; this one carries how many followed it. With
/// <see cref="Overflow"/> the source is not one client but every source beyond the tracked-source
/// cap, and <see cref="Sources"/> says how many distinct ones there were.
/// </summary>
/// <remarks>Security invariant: the record holds no request text at all, so its size is fixed.</remarks>
internal sealed class RefusalSummaryRecord : AuditRecord
{
    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    /// <summary>The refusal reason counted.</summary>
    public required AccessReason Reason { get; init; }

    /// <summary>The source: an IPv4 address or an IPv6 /64 prefix; null for an overflow bucket.</summary>
    public string? Source { get; init; }

    /// <summary>Refusals counted (not written one by one) in the interval.</summary>
    public required long Count { get; init; }

    /// <summary>When the interval started: the time of its first refusal, which was written in full.</summary>
    public required DateTimeOffset IntervalStart { get; init; }

    /// <summary>The first and last counted refusal.</summary>
    public required DateTimeOffset FirstTime { get; init; }

    /// <inheritdoc cref="FirstTime"/>
    public required DateTimeOffset LastTime { get; init; }

    /// <summary>The interval's length in milliseconds.</summary>
    public required long IntervalMs { get; init; }

    /// <summary>True for the per-reason bucket of sources beyond the tracked-source cap.</summary>
    public bool Overflow { get; init; }

    /// <summary>Distinct sources in an overflow bucket (at most the documented cap; see <see cref="SourcesCapped"/>).</summary>
    public long? Sources { get; init; }

    /// <summary>True when more distinct sources came than an overflow bucket counts one by one.</summary>
    public bool? SourcesCapped { get; init; }

    /// <inheritdoc />
    public override string EventType => AuditEventTypes.AccessRefusals;

    /// <inheritdoc />
    internal override string Decision => "deny";

    /// <inheritdoc />
    internal override string ReasonCode => Reason.ToCode();

    /// <inheritdoc />
    internal override void WriteFields(IAuditFieldWriter writer)
    {
        writer.WriteString("decision", Decision);
        writer.WriteString("reason", ReasonCode);
        writer.WriteString("client_ip", Source);
        writer.WriteNumber("count", Count);
        writer.WriteString("interval_start", Format(IntervalStart));
        writer.WriteString("first_time", Format(FirstTime));
        writer.WriteString("last_time", Format(LastTime));
        writer.WriteNumber("interval_ms", IntervalMs);
        writer.WriteBoolean("overflow", Overflow);
        writer.WriteNumber("sources", Sources);
        writer.WriteBoolean("sources_capped", SourcesCapped);
    }

    internal static string Format(DateTimeOffset time) => time.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);
}
