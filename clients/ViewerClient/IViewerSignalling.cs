namespace SecureStream.ViewerClient;

/// <summary>
/// How one viewer trades its offer for the gateway's answer and ends the session again: WHEP for
/// SecureStream (<see cref="WhepSignalling"/>); another gateway's API (Janus's HTTP API) is another
/// implementation. One instance per viewer: it remembers what it needs to end the session.
/// </summary>
internal interface IViewerSignalling
{
    /// <summary>Sends the offer; returns the answer SDP. Throws <see cref="ViewerSignallingException"/> when refused.</summary>
    Task<string> ConnectAsync(string offer, CancellationToken cancellationToken);

    /// <summary>Ends the session at the gateway (WHEP: DELETE the resource). Safe to call when never connected.</summary>
    Task DisconnectAsync(CancellationToken cancellationToken);
}
