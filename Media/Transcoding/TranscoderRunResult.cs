namespace SecureStream.Media.Transcoding;

/// <summary>How one ffmpeg run of a <see cref="Transcoder"/> ended: a short reason (<c>exited</c>, <c>stalled</c>, <c>garbage_output</c>, <c>camera_ended</c>, <c>input_error</c>, <c>output_error</c>, or why the box is unavailable), ffmpeg's exit code, its stderr tail, and whether it produced any frame.</summary>
internal readonly record struct TranscoderRunResult(string Reason, int ExitCode, string Stderr, bool Produced);
