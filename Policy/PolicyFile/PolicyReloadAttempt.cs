namespace SecureStream.Policy.PolicyFile;

/// <summary>
/// The outcome of the latest reload of policy.json, kept so that readiness and the management
/// API can say that the running policy is not the file's (docs/configuration.md, "When a reload is
/// rejected"). The problems are the loader's messages: JSON paths, variable and file names and
/// fixes, never secret values.
/// </summary>
/// <param name="Time">When the reload ran.</param>
/// <param name="Succeeded">Whether the file was taken; false means the previous policy still runs.</param>
/// <param name="ContentHash">The hash of the policy now running when the reload succeeded; null otherwise.</param>
/// <param name="ErrorCount">How many problems the loader found (may exceed <see cref="Errors"/>).</param>
/// <param name="Errors">The first <see cref="MaxKeptErrors"/> problems.</param>
internal sealed record PolicyReloadAttempt(
    DateTimeOffset Time,
    bool Succeeded,
    string? ContentHash,
    int ErrorCount,
    IReadOnlyList<string> Errors)
{
    /// <summary>
    /// Problems kept for the management API. A broken file can produce one problem per entry
    /// (thousands for a big operator list); the first ones name the fix, and the log line and
    /// <c>check-config</c> list them all.
    /// </summary>
    public const int MaxKeptErrors = 50;

    public static PolicyReloadAttempt From(PolicyLoadResult result, DateTimeOffset time) => new(
        time,
        result.Succeeded,
        result.Snapshot?.ContentHash,
        result.Errors.Count,
        result.Errors.Count <= MaxKeptErrors ? result.Errors : result.Errors.Take(MaxKeptErrors).ToArray());
}
