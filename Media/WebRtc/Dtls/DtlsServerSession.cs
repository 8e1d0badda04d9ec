using Microsoft.Extensions.Logging;
using Org.BouncyCastle.Tls;

namespace SecureStream.Media.WebRtc.Dtls;

/// <summary>
/// One viewer's DTLS-SRTP association in the server role (RFC 5764, RFC 8842 <c>a=setup:passive</c>).
/// The ICE layer feeds it datagrams from the verified remote address through
/// <see cref="OnDatagram"/>; <see cref="HandshakeAsync"/> runs BouncyCastle's DTLS 1.2 handshake
/// and returns the negotiated SRTP profile and keys as a value; <see cref="Ended"/> completes when
/// an established session is closed by either side.
/// </summary>
/// <remarks>
/// Security invariants:
/// <list type="bullet">
/// <item>The client must present a certificate whose SHA-256 hash equals the fingerprint of its
/// SDP (RFC 8122 §5), compared in constant time; otherwise the handshake fails and nothing is exported.</item>
/// <item>Hostile input — garbage, oversized datagrams, a ClientHello after the handshake, forged
/// records, unauthenticated alerts — is counted and dropped; it never ends or changes an
/// established session. Only an authenticated close_notify or fatal alert does (RFC 6347 §4.1.2.7).</item>
/// <item>The handshake ends by the deadline of <see cref="DtlsOptions.HandshakeTimeout"/> on the injected <see cref="TimeProvider"/>.</item>
/// </list>
/// BouncyCastle's DTLS is synchronous: the handshake runs on a dedicated thread; afterwards
/// received datagrams are processed by a short drain on the thread pool, one at a time.
/// </remarks>
internal sealed partial class DtlsServerSession : IAsyncDisposable
{
    private const int StateNew = 0;
    private const int StateHandshaking = 1;
    private const int StateEstablished = 2;
    private const int StateFailed = 3;
    private const int StateEnded = 4;

    /// <summary>How long one post-handshake drain waits for a further datagram before returning the thread.</summary>
    private const int DrainWaitMillis = 1;

    private readonly string _sessionId;
    private readonly DtlsOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly DtlsSrtpServer _server;
    private readonly QueuedDatagramTransport _transport;
    private readonly Lock _dtlsLock = new();
    private readonly CancellationTokenSource _disposed = new();
    private readonly TaskCompletionSource<string> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly byte[] _drainBuffer;
    private DtlsTransport? _dtls;
    private int _state = StateNew;
    private int _draining;
    private volatile bool _peerAlertDuringHandshake;
    private volatile string? _endReason;
    private long _oversized;
    private long _malformed;
    private long _clientHelloAfterHandshake;
    private long _queueFull;
    private long _applicationData;
    private long _afterEnd;

    public DtlsServerSession(
        string sessionId,
        DtlsCertificate certificate,
        DtlsFingerprint remoteFingerprint,
        IDatagramChannel channel,
        DtlsOptions options,
        TimeProvider timeProvider,
        ILogger<DtlsServerSession> logger)
    {
        ArgumentNullException.ThrowIfNull(sessionId);
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(remoteFingerprint);
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);

        _sessionId = sessionId;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
        LocalCertificate = certificate;
        _server = new DtlsSrtpServer(certificate, remoteFingerprint, options.HandshakeTimeout, options.ProfilePreference) { AlertReceived = OnAlertReceived };
        _transport = new QueuedDatagramTransport(channel, options.ReceiveQueueCapacity, options.MaxReceiveDatagramSize,
            options.MaxSendDatagramSize, OnTransportClosed);
        _drainBuffer = new byte[options.MaxReceiveDatagramSize];
    }

    /// <summary>The certificate this session presents; its fingerprint is the one our SDP must announce.</summary>
    public DtlsCertificate LocalCertificate { get; }

    /// <summary>Whether the handshake succeeded and the session has not ended.</summary>
    public bool IsEstablished => Volatile.Read(ref _state) == StateEstablished;

    /// <summary>
    /// Completes with a <see cref="DtlsEndReasons"/> code when an established session ends: the
    /// peer's authenticated close_notify or fatal alert, a transport failure, or <see cref="DisposeAsync"/>.
    /// Never completes for a session whose handshake failed.
    /// </summary>
    public Task<string> Ended => _ended.Task;

    /// <summary>A snapshot of the datagrams dropped so far.</summary>
    public DtlsDropCounts Drops => new(
        Interlocked.Read(ref _oversized),
        Interlocked.Read(ref _malformed),
        Interlocked.Read(ref _clientHelloAfterHandshake),
        Interlocked.Read(ref _queueFull),
        Interlocked.Read(ref _applicationData),
        Interlocked.Read(ref _afterEnd));

    /// <summary>
    /// Takes one datagram that the ICE layer received from the verified remote address and
    /// demultiplexed as DTLS (RFC 7983 §7: first byte 20–63). Never blocks and never throws on
    /// its content: bad input is counted in <see cref="Drops"/> and dropped.
    /// </summary>
    public void OnDatagram(ReadOnlySpan<byte> datagram)
    {
        var state = Volatile.Read(ref _state);
        if (state is StateFailed or StateEnded)
        {
            Interlocked.Increment(ref _afterEnd);
            return;
        }

        var established = state == StateEstablished;
        switch (DtlsDatagramFilter.Classify(datagram, _options.MaxReceiveDatagramSize, established))
        {
            case DtlsDatagramVerdict.Oversized:
                Interlocked.Increment(ref _oversized);
                return;
            case DtlsDatagramVerdict.Malformed:
                Interlocked.Increment(ref _malformed);
                return;
            case DtlsDatagramVerdict.ClientHelloAfterHandshake:
                Interlocked.Increment(ref _clientHelloAfterHandshake);
                return;
        }

        if (!_transport.TryEnqueue(datagram))
        {
            Interlocked.Increment(ref _queueFull);
            return;
        }

        if (established)
        {
            ScheduleDrain();
        }
    }

    /// <summary>
    /// Runs the handshake once: waits for the client's ClientHello, negotiates, verifies the
    /// client's certificate against its SDP fingerprint and exports the SRTP keys. Never throws
    /// for anything the peer does; the outcome is the returned value.
    /// </summary>
    public async Task<DtlsHandshakeResult> HandshakeAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.CompareExchange(ref _state, StateHandshaking, StateNew) != StateNew)
        {
            throw new InvalidOperationException("The handshake of a DTLS session runs once.");
        }

        var started = _timeProvider.GetTimestamp();
        using var deadline = new CancellationTokenSource(_options.HandshakeTimeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token, _disposed.Token);
        _transport.Cancellation = linked.Token;

        var result = await Task.Factory.StartNew(
            () => RunHandshake(deadline.Token),
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

        var elapsedMs = _timeProvider.GetElapsedTime(started).TotalMilliseconds;
        if (result.Succeeded)
        {
            Log.HandshakeSucceeded(_logger, _sessionId, elapsedMs, result.Profile, _server.NegotiatedCipherSuite);
        }
        else
        {
            Log.HandshakeFailed(_logger, _sessionId, elapsedMs, result.FailureReason!);
        }

        return result;
    }

    /// <summary>
    /// Ends the session: an established one sends close_notify (RFC 5246 §7.2.1) and completes
    /// <see cref="Ended"/> with <see cref="DtlsEndReasons.LocalClose"/>; a running handshake is cancelled.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        // Cancelling first means a handshake finishing right now sees it under the lock and does
        // not become established after we looked.
        await _disposed.CancelAsync();
        lock (_dtlsLock)
        {
            if (Volatile.Read(ref _state) == StateEstablished)
            {
                _endReason ??= DtlsEndReasons.LocalClose;
                try
                {
                    // Sends close_notify, then closes our transport, which ends the session.
                    _dtls?.Close();
                }
                catch (IOException)
                {
                    // The channel is gone; the session ends all the same.
                }

                EndSession(DtlsEndReasons.LocalClose);
            }
        }

        _transport.Dispose();
        _disposed.Dispose();
    }

    private DtlsHandshakeResult RunHandshake(CancellationToken deadline)
    {
        DtlsTransport dtls;
        try
        {
            // RFC 6347 §4.2.1: the cookie exchange proves the client's address is reachable. ICE
            // connectivity checks already proved it (only datagrams from the verified pair reach
            // us, docs/security.md), so it would only cost a round trip.
            var protocol = new DtlsServerProtocol { VerifyRequests = false };
            dtls = protocol.Accept(_server, _transport);
        }
        catch (Exception exception) when (exception is IOException or OperationCanceledException or InvalidOperationException or ObjectDisposedException)
        {
            Volatile.Write(ref _state, StateFailed);
            _transport.Dispose();
            return DtlsHandshakeResult.Failure(FailureReasonOf(exception, deadline));
        }

        // Defence in depth: never report keys unless our own checks ran and passed.
        var keyingMaterial = _server.KeyingMaterial;
        if (!_server.PeerCertificateVerified || keyingMaterial is null || _server.Profile == SrtpProfileId.None)
        {
            Volatile.Write(ref _state, StateFailed);
            _transport.Dispose();
            return DtlsHandshakeResult.Failure(_server.FailureReason ?? DtlsFailureReasons.HandshakeFailed);
        }

        _transport.Cancellation = CancellationToken.None;
        lock (_dtlsLock)
        {
            if (_disposed.IsCancellationRequested)
            {
                // Disposed while the last flight was on its way: close_notify, and no keys.
                Volatile.Write(ref _state, StateFailed);
                dtls.Close();
                _transport.Dispose();
                return DtlsHandshakeResult.Failure(DtlsFailureReasons.Cancelled);
            }

            _dtls = dtls;
            Volatile.Write(ref _state, StateEstablished);
        }

        // Datagrams that arrived while the handshake thread finished (e.g. a retransmitted final flight).
        if (_transport.HasPending)
        {
            ScheduleDrain();
        }

        return DtlsHandshakeResult.Success(_server.Profile, keyingMaterial);
    }

    private string FailureReasonOf(Exception exception, CancellationToken deadline)
    {
        if (_server.FailureReason is { } ours)
        {
            return ours;
        }

        if (deadline.IsCancellationRequested)
        {
            return DtlsFailureReasons.Timeout;
        }

        if (_disposed.IsCancellationRequested || _transport.Cancellation.IsCancellationRequested)
        {
            return DtlsFailureReasons.Cancelled;
        }

        if (exception is TlsTimeoutException)
        {
            // BouncyCastle's own clock ran out first (it uses the wall clock).
            return DtlsFailureReasons.Timeout;
        }

        return _peerAlertDuringHandshake || exception is TlsFatalAlertReceived
            ? DtlsFailureReasons.PeerAlert
            : DtlsFailureReasons.HandshakeFailed;
    }

    private void ScheduleDrain()
    {
        if (Interlocked.Exchange(ref _draining, 1) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static session => session.Drain(), this, preferLocal: false);
        }
    }

    /// <summary>
    /// Lets BouncyCastle process queued post-handshake records: retransmitted final flights are
    /// answered, forged or stale records discarded, authenticated alerts reported through
    /// <see cref="OnAlertReceived"/>. Only one drain runs at a time.
    /// </summary>
    private void Drain()
    {
        while (true)
        {
            lock (_dtlsLock)
            {
                try
                {
                    while (_dtls is { } dtls && _transport.HasPending && !_transport.IsClosed)
                    {
                        if (dtls.Receive(_drainBuffer, 0, _drainBuffer.Length, DrainWaitMillis) >= 0)
                        {
                            Interlocked.Increment(ref _applicationData);
                        }
                    }
                }
                catch (Exception exception) when (exception is IOException or InvalidOperationException or ObjectDisposedException)
                {
                    EndSession(_endReason ?? DtlsEndReasons.TransportError);
                }
            }

            Volatile.Write(ref _draining, 0);
            if (!_transport.HasPending || _transport.IsClosed || Interlocked.Exchange(ref _draining, 1) != 0)
            {
                return;
            }
        }
    }

    /// <summary>BouncyCastle reports an alert it received; after the handshake only authenticated (epoch ≥ 1) records get here.</summary>
    private void OnAlertReceived(short level, short description)
    {
        if (!_server.HandshakeComplete)
        {
            _peerAlertDuringHandshake = true;
            return;
        }

        if (level == AlertLevel.fatal)
        {
            _endReason ??= DtlsEndReasons.FatalAlert;
        }
        else if (description == AlertDescription.close_notify)
        {
            _endReason ??= DtlsEndReasons.CloseNotify;
        }
    }

    /// <summary>BouncyCastle closed our transport: after close_notify, a fatal alert, or our own close.</summary>
    private void OnTransportClosed()
    {
        if (Volatile.Read(ref _state) == StateEstablished)
        {
            EndSession(_endReason ?? DtlsEndReasons.TransportError);
        }
    }

    private void EndSession(string reason)
    {
        if (Interlocked.CompareExchange(ref _state, StateEnded, StateEstablished) != StateEstablished)
        {
            return;
        }

        Log.SessionEnded(_logger, _sessionId, reason);
        var drops = Drops;
        if (drops.Total > 0)
        {
            Log.DatagramsDropped(_logger, _sessionId, drops.Total, drops.Oversized, drops.Malformed,
                drops.ClientHelloAfterHandshake, drops.QueueFull, drops.ApplicationData, drops.AfterEnd);
        }

        _ended.TrySetResult(reason);
    }
}
