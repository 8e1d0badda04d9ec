namespace SecureStream.Media.Transcoding;

/// <summary>The box cannot run ffmpeg (missing program, sandbox refused, encoder missing); <see cref="Reason"/> is a short stable code.</summary>
internal sealed class FfmpegUnavailableException : Exception
{
    public FfmpegUnavailableException(string reason)
        : base($"boxed ffmpeg unavailable: {reason}") => Reason = reason;

    public FfmpegUnavailableException()
        : this("unknown")
    {
    }

    public FfmpegUnavailableException(string message, Exception inner)
        : base(message, inner) => Reason = "unknown";

    public string Reason { get; }
}
