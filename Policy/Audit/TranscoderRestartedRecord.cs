namespace SecureStream.Policy.Audit;

/// <summary>
/// A transcoder's ffmpeg failed (crashed, stalled, wrote garbage) and is restarted with backoff
/// while its viewers stay joined (docs/transcoding.md). Recorded because a camera stream that keeps
/// breaking the decoder may be hostile; the record names the camera, never its URL.
/// </summary>
internal sealed class TranscoderRestartedRecord : AuditRecord
{
    /// <summary>The application name.</summary>
    public required string App { get; init; }

    /// <summary>The camera (stream) name.</summary>
    public required string Camera { get; init; }

    /// <summary>The camera track being transcoded.</summary>
    public required int Track { get; init; }

    /// <summary>The conversion, e.g. <c>h265-&gt;h264</c>.</summary>
    public required string Conversion { get; init; }

    /// <summary>Why the run ended: <c>exited</c>, <c>stalled</c>, <c>garbage_output</c>, …</summary>
    public required string Reason { get; init; }

    /// <summary>ffmpeg's exit code (0 when it did not exit by itself).</summary>
    public required int ExitCode { get; init; }

    /// <summary>Restarts of this transcoder so far, this one included.</summary>
    public required int Restarts { get; init; }

    /// <summary>How long the transcoder waits before the next start.</summary>
    public required long BackoffMs { get; init; }

    /// <inheritdoc />
    public override string EventType => AuditEventTypes.TranscoderRestarted;

    /// <inheritdoc />
    internal override void WriteFields(IAuditFieldWriter writer)
    {
        writer.WriteString("app", App);
        writer.WriteString("camera", Camera);
        writer.WriteNumber("track", Track);
        writer.WriteString("conversion", Conversion);
        writer.WriteString("reason", Reason);
        writer.WriteNumber("exit_code", ExitCode);
        writer.WriteNumber("restarts", Restarts);
        writer.WriteNumber("backoff_ms", BackoffMs);
    }
}
