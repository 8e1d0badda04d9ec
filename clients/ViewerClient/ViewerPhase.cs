namespace SecureStream.ViewerClient;

/// <summary>Where a viewer is; a failure is named after the phase it happened in.</summary>
internal enum ViewerPhase
{
    Created,
    Signalling,
    Ice,
    Dtls,
    Playing,
    Closed,
}
