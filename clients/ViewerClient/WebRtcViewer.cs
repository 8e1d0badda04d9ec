using SecureStream.Media.Frames;
using SecureStream.Media.WebRtc.Ice;
using SecureStream.Media.WebRtc.Srtp;

namespace SecureStream.ViewerClient;

/// <summary>
/// One receive-only WebRTC viewer: writes its offer (<see cref="ViewerOfferWriter"/>), trades it
/// for an answer through pluggable signalling (<see cref="IViewerSignalling"/>), checks the
/// gateway's loopback UDP candidate as the controlling ICE agent, runs the DTLS handshake as
/// client pinning the answer's fingerprint, then decrypts SRTP and checks every packet with a
/// <see cref="ViewerTrackMonitor"/> per track until it is stopped, refreshing consent meanwhile.
/// On the way out it sends close_notify and ends the session through the signalling.
/// Failures are results (<see cref="ViewerResult.Failure"/>), not exceptions.
/// </summary>
internal sealed class WebRtcViewer
{
    /// <summary>The failure of a viewer whose session the gateway ended (DTLS close_notify or fatal alert) before the viewer stopped.</summary>
    public const string EndedByGateway = "ended_by_gateway";

    private readonly IViewerSignalling _signalling;
    private readonly WebRtcViewerOptions _options;
    private readonly TimeProvider _time;
    private readonly List<ViewerTrackMonitor> _monitors = [];
    private long _started;
    private long _packets;
    private long _audioPackets;
    private long _bytes;
    private long _srtpFailures;
    private long _srtpReplayed;
    private long _signalled = -1;
    private long _connected = -1;
    private long _firstPacket = -1;
    private long _firstKeyframe = -1;
    private long _ended = -1;
    private long _queueDrops;
    private string? _failure;
    private int _phase;
    private SrtpContext? _srtp;
    private IceCredentials? _remoteIce;

    public WebRtcViewer(IViewerSignalling signalling, WebRtcViewerOptions? options = null)
    {
        _signalling = signalling;
        _options = options ?? new WebRtcViewerOptions();
        _time = _options.TimeProvider;
    }

    public ViewerPhase Phase => (ViewerPhase)Volatile.Read(ref _phase);

    /// <summary>Decrypted RTP packets so far (readable from any thread, for progress lines).</summary>
    public long Packets => Interlocked.Read(ref _packets);

    /// <summary>Received SRTP bytes so far (readable from any thread).</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>
    /// The SRTP protection profile the gateway chose, by name (the profile type is internal to the
    /// media assembly, which the load tool cannot see); null until DTLS completed.
    /// </summary>
    public string? SrtpProfile { get; private set; }

    public bool SawKeyframe => Interlocked.Read(ref _firstKeyframe) >= 0;

    /// <summary>Decrypted RTP packets of the audio track so far (readable from any thread).</summary>
    public long AudioPackets => Interlocked.Read(ref _audioPackets);

    /// <summary>
    /// Connects and plays until <paramref name="stopping"/> is cancelled, then closes. Returns what
    /// the viewer saw; a viewer that could not connect returns at once with its failure.
    /// </summary>
    public async Task<ViewerResult> RunAsync(CancellationToken stopping)
    {
        _started = _time.GetTimestamp();
        ViewerTransport? transport = null;
        try
        {
            transport = await ConnectAsync(stopping);
            if (transport is not null)
            {
                await PlayAsync(transport, stopping);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopped while connecting: not a failure of the gateway.
            _failure ??= Phase == ViewerPhase.Playing ? null : "stopped_while_" + Phase.ToString().ToLowerInvariant();
        }
        catch (Exception exception)
        {
            _failure ??= Phase.ToString().ToLowerInvariant() + "_" + exception.GetType().Name;
        }
        finally
        {
            Interlocked.Exchange(ref _ended, _time.GetTimestamp());
            await CloseAsync(transport);
        }

        return Result();
    }

    private async Task<ViewerTransport?> ConnectAsync(CancellationToken stopping)
    {
        var ice = IceCredentials.Generate();
        var certificate = (_options.Identity ?? ViewerIdentity.Generate(_time)).Certificate;
        var offer = ViewerOfferWriter.Write(ice, certificate.Fingerprint, _options.Audio);

        SetPhase(ViewerPhase.Signalling);
        string answerText;
        using (var timeout = Deadline(stopping))
        {
            try
            {
                answerText = await _signalling.ConnectAsync(offer, timeout.Token);
            }
            catch (ViewerSignallingException exception)
            {
                _failure = exception.Reason;
                return null;
            }
            catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
            {
                _failure = "signalling_timeout";
                return null;
            }
        }

        Interlocked.Exchange(ref _signalled, _time.GetTimestamp());
        var acceptAddress = _options.AcceptLocalInterfaceCandidates ? LocalAddresses.IsOnThisMachine : (Func<System.Net.IPAddress, bool>)System.Net.IPAddress.IsLoopback;
        if (!ViewerAnswerReader.TryRead(answerText, acceptAddress, out var answer, out var reason))
        {
            _failure = reason;
            return null;
        }

        if (answer.Candidates.FirstOrDefault(c => c.IsUdp) is not { } candidate)
        {
            _failure = "answer_no_udp_candidate";
            return null;
        }

        foreach (var track in answer.Tracks)
        {
            _monitors.Add(new ViewerTrackMonitor(track, _time));
        }

        // A gateway candidate on another address of this machine (Janus gathers none on loopback) is
        // checked from that address, so both ends of the pair are host candidates on one interface
        // (from 127.0.0.1 Janus only saw a peer-reflexive candidate it failed to add).
        var local = System.Net.IPAddress.IsLoopback(candidate.EndPoint.Address) ? null : candidate.EndPoint.Address;
        var transport = new ViewerTransport(candidate.EndPoint, ice.Ufrag, certificate, localAddress: local, localPassword: ice.Password);
        try
        {
            SetPhase(ViewerPhase.Ice);
            using (var timeout = Deadline(stopping))
            {
                try
                {
                    if (_signalling is IViewerCandidateSignalling trickle)
                    {
                        await trickle.SendCandidateAsync(transport.LocalEndPoint, timeout.Token);
                    }

                    await transport.CheckAsync(answer.RemoteIce.Ufrag, answer.RemoteIce.Password, timeout.Token);
                    if (_signalling is IViewerCandidateSignalling)
                    {
                        // A gateway that was given the viewer's candidate checks it back and drops
                        // DTLS until that check succeeded (libnice): a ClientHello sent earlier is
                        // lost and BouncyCastle resends it only after 1 s.
                        await transport.GatewayChecked.WaitAsync(timeout.Token);
                    }
                }
                catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
                {
                    _failure = "ice_timeout";
                    await transport.DisposeAsync();
                    return null;
                }
            }

            SetPhase(ViewerPhase.Dtls);
            ViewerDtlsClient client;
            try
            {
                client = await transport.HandshakeAsync(answer.Fingerprint, _options.SrtpProfiles).WaitAsync(_options.ConnectTimeout, stopping);
            }
            catch (TimeoutException)
            {
                _failure = "dtls_timeout";
                await transport.DisposeAsync();
                return null;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                _failure = "dtls_failed";
                await transport.DisposeAsync();
                return null;
            }

            _srtp = client.CreateSrtpContext();
            SrtpProfile = _srtp.Profile.ToString();
            _remoteIce = answer.RemoteIce;
            Interlocked.Exchange(ref _connected, _time.GetTimestamp());
            SetPhase(ViewerPhase.Playing);
            return transport;
        }
        catch
        {
            await transport.DisposeAsync();
            throw;
        }
    }

    private async Task PlayAsync(ViewerTransport transport, CancellationToken stopping)
    {
        using var consent = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var refreshing = RefreshConsentAsync(transport, consent.Token);
        var plain = new byte[2048];
        var byPayloadType = _monitors.ToDictionary(m => m.Track.PayloadType);
        try
        {
            await foreach (var packet in transport.Media.ReadAllAsync(stopping))
            {
                Interlocked.Add(ref _bytes, packet.Length);

                // RFC 5761 §4: RTCP packet types 192–223 in the payload type bits.
                if (packet.Length > 1 && (packet[1] & 0x7F) is >= 64 and <= 95)
                {
                    Count(_srtp!.UnprotectRtcp(packet, plain, out _));
                    continue;
                }

                if (Count(_srtp!.UnprotectRtp(packet, plain, out var written)) != SrtpResult.Ok)
                {
                    continue;
                }

                var now = _time.GetTimestamp();
                Interlocked.Increment(ref _packets);
                if (_firstPacket < 0)
                {
                    Interlocked.Exchange(ref _firstPacket, now);
                }

                if (!byPayloadType.TryGetValue(plain[1] & 0x7F, out var monitor))
                {
                    continue;
                }

                if (monitor.Track.Kind == TrackKind.Audio)
                {
                    Interlocked.Increment(ref _audioPackets);
                }

                if (monitor.Receive(plain.AsSpan(0, written)) > 0
                    && _firstKeyframe < 0
                    && monitor.Track.Kind == TrackKind.Video)
                {
                    Interlocked.Exchange(ref _firstKeyframe, now);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        finally
        {
            if (transport.GatewayClosed.IsCompleted && !stopping.IsCancellationRequested)
            {
                // The gateway ended the session while the viewer still wanted it.
                _failure ??= EndedByGateway;
            }

            _queueDrops = transport.MediaDropped;
            await consent.CancelAsync();
            try
            {
                await refreshing;
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    // RFC 3711 §3.3.2: a replayed packet, or one behind the replay window, arrived out of order
    // (or twice); anything else failed authentication or was malformed.
    private SrtpResult Count(SrtpResult result)
    {
        if (result is SrtpResult.Replayed or SrtpResult.TooOld)
        {
            _srtpReplayed++;
        }
        else if (result != SrtpResult.Ok)
        {
            _srtpFailures++;
        }

        return result;
    }

    // RFC 7675 §5.1: a Binding request (without USE-CANDIDATE) keeps consent while the session plays.
    private async Task RefreshConsentAsync(ViewerTransport transport, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.ConsentInterval, _time);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.ConsentInterval);
            try
            {
                await transport.CheckAsync(_remoteIce!.Ufrag, _remoteIce.Password, timeout.Token, nominate: false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Unanswered: the next tick tries again; the gateway decides when consent is lost.
            }
        }
    }

    private async Task CloseAsync(ViewerTransport? transport)
    {
        SetPhase(ViewerPhase.Closed);
        if (transport is not null)
        {
            try
            {
                transport.Dtls?.Close(); // close_notify (RFC 5246 §7.2.1)
            }
            catch (Exception exception) when (exception is IOException or ObjectDisposedException or Org.BouncyCastle.Tls.TlsFatalAlert)
            {
            }
        }

        using var timeout = new CancellationTokenSource(_options.ConnectTimeout);
        try
        {
            await _signalling.DisconnectAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
        }

        if (transport is not null)
        {
            await transport.DisposeAsync();
        }

        _srtp?.Dispose();
    }

    private ViewerResult Result()
    {
        var bytes = Bytes;
        var end = Interlocked.Read(ref _ended);
        var playing = _firstPacket >= 0 ? _time.GetElapsedTime(_firstPacket, end) : TimeSpan.Zero;
        var video = _monitors.Where(m => m.Track.Kind == TrackKind.Video).ToList();
        var audio = _monitors.Where(m => m.Track.Kind == TrackKind.Audio).ToList();
        return new ViewerResult(
            _failure,
            Since(_signalled),
            Since(_connected),
            Since(_firstPacket),
            Since(_firstKeyframe),
            Packets,
            bytes,
            playing > TimeSpan.Zero ? bytes * 8 / playing.TotalSeconds : 0,
            _monitors.Sum(m => m.Lost),
            video.Sum(m => m.Frames),
            video.Sum(m => m.Keyframes),
            video.Sum(m => m.BadNalUnits + m.MalformedPayloads),
            _srtpFailures,
            _srtpReplayed,
            _queueDrops,
            video.Select(m => m.PictureSize).FirstOrDefault(s => s is not null))
        {
            AudioCodec = audio.Select(m => m.Track.EncodingName).FirstOrDefault(),
            AudioPackets = audio.Sum(m => m.Packets),
        };
    }

    private TimeSpan? Since(long timestamp) => timestamp < 0 ? null : _time.GetElapsedTime(_started, timestamp);

    private CancellationTokenSource Deadline(CancellationToken stopping)
    {
        var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        timeout.CancelAfter(_options.ConnectTimeout);
        return timeout;
    }

    private void SetPhase(ViewerPhase phase) => Volatile.Write(ref _phase, (int)phase);
}
