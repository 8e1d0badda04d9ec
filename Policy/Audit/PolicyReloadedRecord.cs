namespace SecureStream.Policy.Audit;

/// <summary>
/// policy.json was loaded or reloaded. Security invariant: carries a hash prefix of the content,
/// never the policy itself.
/// </summary>
internal sealed class PolicyReloadedRecord : AuditRecord
{
    /// <summary>Whether the new policy was swapped in (false: the previous one stays).</summary>
    public required bool Succeeded { get; init; }

    /// <summary>How many validation problems were found.</summary>
    public int ErrorCount { get; init; }

    /// <summary>A short hex prefix of the SHA-256 of the file's bytes.</summary>
    public string? ContentHash { get; init; }

    /// <summary>A short, non-secret explanation (e.g. the first problem's key).</summary>
    public string? Detail { get; init; }

    /// <inheritdoc />
    public override string EventType => AuditEventTypes.PolicyReloaded;

    /// <inheritdoc />
    internal override string ReasonCode => Succeeded ? "succeeded" : "failed";

    /// <inheritdoc />
    internal override void WriteFields(IAuditFieldWriter writer)
    {
        writer.WriteBoolean("succeeded", Succeeded);
        writer.WriteNumber("error_count", ErrorCount);
        writer.WriteString("content_hash", ContentHash);
        writer.WriteString("detail", Detail, AuditLimits.MaxDetailLength);
    }
}
