namespace SecureStream.Policy.PolicyFile;

/// <summary>
/// Holds the current policy snapshot and swaps in a new one atomically when a reload validates
/// whole; an invalid file on reload leaves the running policy untouched (and is reported).
/// </summary>
internal sealed class PolicyStore
{
    private PolicySnapshot _current;

    public PolicyStore(PolicySnapshot initial, string? path)
    {
        _current = initial;
        Path = path;
    }

    /// <summary>The file the policy came from; null for a policy built in memory.</summary>
    public string? Path { get; }

    public PolicySnapshot Current => Volatile.Read(ref _current);

    /// <summary>Raised after a successful swap, with the old and the new snapshot.</summary>
    public event Action<PolicySnapshot, PolicySnapshot>? Swapped;

    /// <summary>Reloads from <see cref="Path"/>; the current snapshot stays when the file is invalid.</summary>
    public PolicyLoadResult Reload(TimeProvider time)
    {
        if (Path is null)
        {
            return PolicyLoadResult.Failed("policy: built in memory, nothing to reload");
        }

        var result = PolicyFileLoader.LoadFile(Path, time);
        if (result.Snapshot is { } snapshot)
        {
            var old = Interlocked.Exchange(ref _current, snapshot);
            Swapped?.Invoke(old, snapshot);
        }

        return result;
    }
}
