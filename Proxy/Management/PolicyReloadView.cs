using System.Text.Json.Serialization;
using SecureStream.Policy.PolicyFile;

namespace SecureStream.Proxy.Management;

/// <summary>The latest reload of policy.json as the management API shows it: the loader's problems (paths, names, fixes), never a secret value.</summary>
internal sealed record PolicyReloadView(
    [property: JsonPropertyName("time")] DateTimeOffset Time,
    [property: JsonPropertyName("succeeded")] bool Succeeded,
    [property: JsonPropertyName("contentHash")] string? ContentHash,
    [property: JsonPropertyName("errorCount")] int ErrorCount,
    [property: JsonPropertyName("errors")] IReadOnlyList<string> Errors)
{
    public static PolicyReloadView? From(PolicyReloadAttempt? attempt) => attempt is null
        ? null
        : new(attempt.Time, attempt.Succeeded, attempt.ContentHash, attempt.ErrorCount, attempt.Errors);
}
