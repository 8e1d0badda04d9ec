namespace SecureStream.Media.Transcoding;

/// <summary>
/// Told when a transcoder's ffmpeg failed and is restarted. The gateway's front door implements it
/// to write an audit record (a camera whose stream keeps crashing ffmpeg is a security signal: it
/// may be hostile); a standalone origin logs only.
/// </summary>
/// <remarks>Part of the origin's face (docs/architecture.md, "The origin's face"): the host registers its implementation (the front door audits restarts) before <c>AddMediaOrigin</c>.</remarks>
public interface ITranscoderEvents
{
    /// <summary>Called from the transcoder's loop: must not block (queue and return) and must not throw.</summary>
    void Restarted(TranscoderRestart restart);
}
