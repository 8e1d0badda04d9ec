using System.Text.Json.Serialization;
using SecureStream.Policy.PolicyFile;

namespace SecureStream.Proxy.Management;

/// <summary>
/// <c>GET /v1/policy</c>: which policy runs, whether the file on disk is that policy, and the
/// latest reload's outcome — what an operator needs when <c>/readyz</c> says
/// <c>policy_reload_rejected</c>.
/// </summary>
internal sealed record PolicyStatusView(
    [property: JsonPropertyName("path")] string? Path,
    [property: JsonPropertyName("reloadOnChange")] bool ReloadOnChange,
    [property: JsonPropertyName("ready")] bool Ready,
    [property: JsonPropertyName("problems")] IReadOnlyList<string> Problems,
    [property: JsonPropertyName("loadedAt")] DateTimeOffset LoadedAt,
    [property: JsonPropertyName("contentHash")] string ContentHash,
    [property: JsonPropertyName("admissionEnabled")] bool AdmissionEnabled,
    [property: JsonPropertyName("fileState")] string FileState,
    [property: JsonPropertyName("fileContentHash")] string? FileContentHash,
    [property: JsonPropertyName("lastReload")] PolicyReloadView? LastReload)
{
    public static string StateName(PolicyFileState state) => state switch
    {
        PolicyFileState.InEffect => "in_effect",
        PolicyFileState.Changed => "changed",
        PolicyFileState.Missing => "missing",
        _ => "unreadable",
    };
}
