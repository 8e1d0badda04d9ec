namespace SecureStream.Policy.PolicyFile;

/// <summary>
/// Holds the current policy snapshot and swaps in a new one atomically when a reload validates
/// whole; an invalid file on reload leaves the running policy untouched (and is reported).
/// </summary>
internal sealed class PolicyStore
{
    private readonly Lock _reloading = new();
    private PolicySnapshot _current;
    private PolicyReloadAttempt? _lastReload;

    public PolicyStore(PolicySnapshot initial, string? path)
    {
        _current = initial;
        Path = path;
    }

    /// <summary>The file the policy came from; null for a policy built in memory.</summary>
    public string? Path { get; }

    public PolicySnapshot Current => Volatile.Read(ref _current);

    /// <summary>The latest reload's outcome; null until the first reload.</summary>
    public PolicyReloadAttempt? LastReload => Volatile.Read(ref _lastReload);

    /// <summary>
    /// True while the latest reload was rejected: the file asks for a policy that is not running
    /// (e.g. it enables the admission webhook, and viewers are still admitted without it). Cleared
    /// by the next reload that succeeds.
    /// </summary>
    public bool ReloadRejected => LastReload is { Succeeded: false };

    /// <summary>Raised after a successful swap, with the old and the new snapshot.</summary>
    public event Action<PolicySnapshot, PolicySnapshot>? Swapped;

    /// <summary>Reloads from <see cref="Path"/>; the current snapshot stays when the file is invalid.</summary>
    public PolicyLoadResult Reload(TimeProvider time)
    {
        if (Path is null)
        {
            return PolicyLoadResult.Failed("policy: built in memory, nothing to reload");
        }

        // One reload at a time (the file watcher and the management API can both ask), so the
        // recorded outcome is always that of the snapshot running now.
        lock (_reloading)
        {
            var result = PolicyFileLoader.LoadFile(Path, time);
            if (result.Snapshot is { } snapshot)
            {
                var old = Interlocked.Exchange(ref _current, snapshot);
                Swapped?.Invoke(old, snapshot);
            }

            Volatile.Write(ref _lastReload, PolicyReloadAttempt.From(result, time.GetUtcNow()));
            return result;
        }
    }

    /// <summary>
    /// Reads the file now (at most <see cref="PolicyFileLoader.MaxFileBytes"/>) and compares its
    /// bytes with the running policy's. Costs a file read and a hash: for the authenticated
    /// management API only, never for an unauthenticated probe.
    /// </summary>
    public PolicyFileStatus InspectFile()
    {
        if (Path is null)
        {
            return new PolicyFileStatus(PolicyFileState.Missing, null);
        }

        try
        {
            var info = new FileInfo(Path);
            if (!info.Exists)
            {
                return new PolicyFileStatus(PolicyFileState.Missing, null);
            }

            if (info.Length > PolicyFileLoader.MaxFileBytes)
            {
                return new PolicyFileStatus(PolicyFileState.Unreadable, null);
            }

            var hash = PolicyFileLoader.ContentHashOf(File.ReadAllBytes(Path));
            return new PolicyFileStatus(hash == Current.ContentHash ? PolicyFileState.InEffect : PolicyFileState.Changed, hash);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new PolicyFileStatus(PolicyFileState.Unreadable, null);
        }
    }
}
