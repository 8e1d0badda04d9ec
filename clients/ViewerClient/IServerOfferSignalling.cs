namespace SecureStream.ViewerClient;

/// <summary>
/// Signalling where the gateway makes the offer and the viewer answers (RFC 8829 §5.3), as
/// Janus's streaming plugin does: the viewer asks for a stream, receives the gateway's offer,
/// and sends its answer back. <see cref="ServerOfferSignalling"/> adapts it to
/// <see cref="IViewerSignalling"/>, so <see cref="WebRtcViewer"/> plays either kind. One instance
/// per viewer: it remembers what it needs to end the session.
/// </summary>
internal interface IServerOfferSignalling
{
    /// <summary>Asks for the stream; returns the gateway's offer SDP. Throws <see cref="ViewerSignallingException"/> when refused.</summary>
    Task<string> RequestOfferAsync(CancellationToken cancellationToken);

    /// <summary>Sends the viewer's answer to that offer. Throws <see cref="ViewerSignallingException"/> when refused.</summary>
    Task SendAnswerAsync(string answer, CancellationToken cancellationToken);

    /// <summary>Trickles one viewer candidate (an <c>a=candidate</c> value, RFC 8839 §5.1) for the section <paramref name="mid"/>, then end-of-candidates.</summary>
    Task SendCandidateAsync(string candidate, string mid, CancellationToken cancellationToken);

    /// <summary>Ends the session at the gateway. Safe to call when never connected.</summary>
    Task DisconnectAsync(CancellationToken cancellationToken);
}
