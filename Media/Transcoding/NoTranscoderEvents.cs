namespace SecureStream.Media.Transcoding;

/// <summary>No front door in this process to tell: restarts are logged only.</summary>
internal sealed class NoTranscoderEvents : ITranscoderEvents
{
    public void Restarted(TranscoderRestart restart)
    {
    }
}
