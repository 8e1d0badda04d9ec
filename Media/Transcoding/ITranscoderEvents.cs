namespace SecureStream.Media.Transcoding;

/// <summary>
/// Told when a transcoder's ffmpeg failed and is restarted. The gateway's front door implements it
/// to write an audit record (a camera whose stream keeps crashing ffmpeg is a security signal: it
/// may be hostile); a standalone origin logs only.
/// </summary>
internal interface ITranscoderEvents
{
    /// <summary>Called from the transcoder's loop: must not block (queue and return) and must not throw.</summary>
    void Restarted(TranscoderRestart restart);
}
