namespace SecureStream.Media.Transcoding;

/// <summary>
/// The outcome of a one-shot boxed ffmpeg (<see cref="FfmpegBox.RunOnceAsync"/>): its output when
/// it exited cleanly within its bounds, else null and a short <see cref="Failure"/> code
/// (<c>timeout</c>, <c>output_too_large</c>, <c>exit_code</c>, <c>no_output</c>, or why the box is unavailable).
/// </summary>
internal sealed record FfmpegRunResult(byte[]? Output, string? Failure, string Diagnostics);
