namespace SecureStream.Policy.Audit;

/// <summary>The <c>Audit:Seq</c> section: the Seq server that receives the searchable copy of the audit trail.</summary>
internal sealed class AuditSeqOptions
{
    /// <summary>e.g. <c>http://seq:5341</c>; unset means no Seq copy.</summary>
    public string? Url { get; set; }

    /// <summary>A secret reference (<c>env:SEQ_API_KEY</c> or <c>file:/run/secrets/seq</c>), never the key itself.</summary>
    public string? ApiKey { get; set; }
}
