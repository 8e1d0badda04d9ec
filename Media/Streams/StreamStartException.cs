namespace SecureStream.Media.Streams;

/// <summary>
/// A subscribe that could not get the camera's stream. <see cref="Reason"/> is one of
/// <see cref="StreamEndReasons"/> (<c>start_timeout</c>, <c>camera_unreachable</c>,
/// <c>hub_shutdown</c>); <see cref="SourceReason"/> is the last source failure code, when any.
/// Messages never carry a camera URL.
/// </summary>
internal sealed class StreamStartException : Exception
{
    public StreamStartException(string reason, string? sourceReason, string message)
        : base(message)
    {
        Reason = reason;
        SourceReason = sourceReason;
    }

    public StreamStartException()
        : this("unknown", null, "the camera stream could not be started")
    {
    }

    public StreamStartException(string message)
        : this("unknown", null, message)
    {
    }

    public StreamStartException(string message, Exception inner)
        : base(message, inner) => Reason = "unknown";

    public string Reason { get; }

    public string? SourceReason { get; }
}
