using SecureStream.Media.Frames;
using SecureStream.Policy.Access;

namespace SecureStream.Media.Transcoding;

/// <summary>One restart of a transcoder's ffmpeg.</summary>
/// <param name="Reason">Why the run ended (<see cref="TranscoderRunResult"/>: <c>exited</c>, <c>stalled</c>, <c>garbage_output</c>, <c>camera_ended</c>, <c>input_error</c>, <c>output_error</c>, <c>error</c>, or why the box is unavailable).</param>
/// <param name="ExitCode">ffmpeg's exit code (0 when it did not exit by itself).</param>
/// <param name="Restarts">Restarts of this transcoder so far, this one included.</param>
/// <remarks>Part of the origin's face (docs/architecture.md, "The origin's face"): what <see cref="ITranscoderEvents"/> is told.</remarks>
public sealed record TranscoderRestart(
    CameraPath Camera,
    int SourceTrackId,
    MediaCodec From,
    MediaCodec To,
    string Reason,
    int ExitCode,
    int Restarts,
    TimeSpan Backoff);
