namespace SecureStream.Policy.PolicyFile;

/// <summary>How the policy file on disk compares with the policy running now.</summary>
internal enum PolicyFileState
{
    /// <summary>The file holds exactly the running policy.</summary>
    InEffect,

    /// <summary>The file's bytes differ from the running policy's: not (yet) loaded, or rejected.</summary>
    Changed,

    /// <summary>There is no file at the configured path.</summary>
    Missing,

    /// <summary>The file exists but cannot be read, or is over the size limit.</summary>
    Unreadable,
}
