namespace SecureStream.Policy.PolicyFile;

/// <summary>A loaded snapshot, or every problem found.</summary>
internal sealed record PolicyLoadResult(PolicySnapshot? Snapshot, IReadOnlyList<string> Errors)
{
    public bool Succeeded => Snapshot is not null;

    public static PolicyLoadResult Loaded(PolicySnapshot snapshot) => new(snapshot, []);

    public static PolicyLoadResult Failed(string error) => new(null, [error]);

    public static PolicyLoadResult Failed(IReadOnlyList<string> errors) => new(null, errors);
}
