namespace SecureStream.Proxy.Hosting;

/// <summary>Where policy.json is (the <c>Policy</c> section) and how it is reloaded.</summary>
public sealed class PolicyOptions
{
    public const string SectionName = "Policy";

    /// <summary>Path of policy.json; relative paths are taken from the working directory.</summary>
    public string Path { get; set; } = "policy.json";

    /// <summary>Reload when the file changes (validated whole; an invalid file keeps the running policy).</summary>
    public bool ReloadOnChange { get; set; } = true;

    /// <summary>
    /// Development only: create missing <c>file:data/dev-secrets/…</c> secrets with random keys on
    /// start, so the default run works with no setup. Logged loudly; switch off in production.
    /// </summary>
    public bool CreateMissingDevelopmentSecrets { get; set; } = true;
}
