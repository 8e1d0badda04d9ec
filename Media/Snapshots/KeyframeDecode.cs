namespace SecureStream.Media.Snapshots;

/// <summary>One decode's outcome: a JPEG, or why there is none (a short code for the log, never decoder output).</summary>
internal sealed record KeyframeDecode(byte[]? Jpeg, string? Failure)
{
    /// <summary>Too many decodes running or waiting (<see cref="SnapshotOptions.MaxPendingDecodes"/>); not cached.</summary>
    public static readonly KeyframeDecode Busy = new(null, "busy");

    public bool IsDecoded => Jpeg is not null;

    public static KeyframeDecode Decoded(byte[] jpeg) => new(jpeg, null);

    public static KeyframeDecode Failed(string failure) => new(null, failure);
}
