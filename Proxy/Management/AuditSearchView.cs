using System.Text.Json;
using System.Text.Json.Serialization;

namespace SecureStream.Proxy.Management;

/// <summary>An audit search's answer: whether the journal's chain verifies, and the matching records newest first.</summary>
internal sealed record AuditSearchView(
    [property: JsonPropertyName("chain")] AuditChainView Chain,
    [property: JsonPropertyName("records")] IReadOnlyList<JsonElement> Records);

/// <summary>
/// The verdict of verifying the whole journal (as <c>verify-audit</c> does): <see cref="Problem"/>
/// is the first problem found, null when intact; <see cref="VerifiedAt"/> says how fresh it is.
/// </summary>
internal sealed record AuditChainView(
    [property: JsonPropertyName("verified")] bool Verified,
    [property: JsonPropertyName("records")] long Records,
    [property: JsonPropertyName("problem")] string? Problem,
    [property: JsonPropertyName("verifiedAt")] DateTimeOffset VerifiedAt);
