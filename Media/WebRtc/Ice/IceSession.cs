namespace SecureStream.Media.WebRtc.Ice;

/// <summary>
/// One session's registration on the shared <see cref="IceUdpEndpoint"/>: STUN requests whose
/// USERNAME starts with its local ufrag reach its <see cref="Agent"/>, and packets from addresses
/// the agent verified reach its <see cref="Handler"/>. Disposing unregisters it and closes its
/// ICE-TCP connections; the agent stays the caller's to dispose.
/// </summary>
internal sealed class IceSession : IDisposable
{
    private readonly IceUdpEndpoint _endpoint;
    private int _disposed;

    internal IceSession(IceUdpEndpoint endpoint, IceLiteAgent agent, ISessionTransportHandler handler)
    {
        _endpoint = endpoint;
        Agent = agent;
        Handler = handler;
    }

    public IceLiteAgent Agent { get; }

    public ISessionTransportHandler Handler { get; }

    public string LocalUfrag => Agent.LocalCredentials.Ufrag;

    internal bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <summary>The endpoint's subscription to <see cref="IceLiteAgent.ConsentLost"/>, removed on unregistration.</summary>
    internal Action<IceLiteAgent, IceConsentLossReason>? ConsentLostHandler { get; set; }

    /// <summary>Sends one packet (DTLS record, SRTP or SRTCP) on the selected pair; false when none is selected or the send failed.</summary>
    public ValueTask<bool> SendAsync(ReadOnlyMemory<byte> packet, CancellationToken cancellationToken = default) =>
        _endpoint.SendAsync(this, packet, cancellationToken);

    /// <summary>Sends a batch of packets on the selected pair, in order (<see cref="IceUdpEndpoint.SendBatchAsync"/>).</summary>
    public ValueTask<bool> SendBatchAsync(Batching.DatagramBatch batch, CancellationToken cancellationToken = default) =>
        _endpoint.SendBatchAsync(this, batch, cancellationToken);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _endpoint.Unregister(this);
        }
    }
}
