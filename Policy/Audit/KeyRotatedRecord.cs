namespace SecureStream.Policy.Audit;

/// <summary>
/// A signing key was added or retired. Security invariant: names the key by id and fingerprint
/// (<see cref="Secrets.SecretValue.Fingerprint"/>), never by its bytes.
/// </summary>
internal sealed class KeyRotatedRecord : AuditRecord
{
    /// <summary>The key id.</summary>
    public required string KeyId { get; init; }

    /// <summary><c>added</c> or <c>retired</c>.</summary>
    public required string Action { get; init; }

    /// <summary>Which credential the key signs (<c>signed_url</c>, <c>jwt</c>, <c>ticket</c>).</summary>
    public string? KeyUse { get; init; }

    /// <summary>The key's fingerprint, a short hash prefix.</summary>
    public string? Fingerprint { get; init; }

    /// <inheritdoc />
    public override string EventType => AuditEventTypes.KeyRotated;

    /// <inheritdoc />
    internal override string ReasonCode => Action;

    /// <inheritdoc />
    internal override void WriteFields(IAuditFieldWriter writer)
    {
        writer.WriteString("key_id", KeyId);
        writer.WriteString("action", Action);
        writer.WriteString("key_use", KeyUse);
        writer.WriteString("fingerprint", Fingerprint);
    }
}
