namespace SecureStream.Policy.PolicyFile;

/// <summary>The policy file as found on disk just now, compared with the running policy.</summary>
/// <param name="State">Whether the file is the running policy.</param>
/// <param name="ContentHash">The file's content hash (as in <see cref="PolicySnapshot.ContentHash"/>) when it could be read.</param>
internal sealed record PolicyFileStatus(PolicyFileState State, string? ContentHash);
