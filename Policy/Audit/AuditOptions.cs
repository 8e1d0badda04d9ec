namespace SecureStream.Policy.Audit;

/// <summary>The <c>Audit</c> configuration section, bound and validated at start by the front door.</summary>
internal sealed class AuditOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Audit";

    /// <summary>The durable hash-chained journal (JSON lines). Relative paths are from the working directory.</summary>
    public string JournalPath { get; set; } = "data/audit/audit.jsonl";

    /// <summary>Where the Serilog copy of each record goes (optional; best effort).</summary>
    public AuditSeqOptions Seq { get; set; } = new();
}
