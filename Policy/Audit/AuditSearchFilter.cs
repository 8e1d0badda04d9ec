namespace SecureStream.Policy.Audit;

/// <summary>
/// What <see cref="AuditJournalReader.Search"/> keeps; every part that is set must match.
/// </summary>
/// <param name="Operator">
/// Matches a record's <c>operator</c> (also in its <c>op:</c> form, as decisions write a token's
/// subject) or <c>administrator</c>.
/// </param>
/// <param name="App">With <paramref name="Camera"/>: the record's <c>app</c> and <c>camera</c>.</param>
/// <param name="Camera">The camera's stream name (the record's <c>camera</c>).</param>
/// <param name="LinkId">Matches <c>link_id</c>, or <c>jti:&lt;id&gt;</c> in <c>credential_id</c>.</param>
/// <param name="From">Records at or after (the envelope's <c>time</c>).</param>
/// <param name="To">Records at or before.</param>
internal sealed record AuditSearchFilter(
    string? Operator,
    string? App,
    string? Camera,
    string? LinkId,
    DateTimeOffset? From,
    DateTimeOffset? To);
