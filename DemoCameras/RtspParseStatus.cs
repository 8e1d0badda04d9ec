namespace SecureStream.DemoCameras;

/// <summary>The three answers of a wire parser (docs/architecture.md, wire parsers).</summary>
internal enum RtspParseStatus
{
    /// <summary>A whole message was read and consumed.</summary>
    Complete,

    /// <summary>The bytes so far are a valid prefix; nothing was consumed.</summary>
    NeedMoreData,

    /// <summary>The bytes can never become a valid message; the connection must be refused.</summary>
    Invalid,
}
