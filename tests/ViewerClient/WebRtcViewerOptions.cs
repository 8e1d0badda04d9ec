namespace SecureStream.ViewerClient;

/// <summary>Settings of one <see cref="WebRtcViewer"/>.</summary>
internal sealed class WebRtcViewerOptions
{
    /// <summary>Signalling, ICE and DTLS each must finish within this.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>RFC 7675 §5.1: consent is refreshed about every 5 s (the gateway ends a session after its consent timeout, 30 s by default).</summary>
    public TimeSpan ConsentInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The viewer's DTLS certificate, which many viewers may share; a fresh one when null.</summary>
    public ViewerIdentity? Identity { get; init; }

    /// <summary>Offer audio as well as video.</summary>
    public bool Audio { get; init; } = true;

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
