using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Channels;
using Org.BouncyCastle.Tls;
using SecureStream.Media.WebRtc.Dtls;
using SecureStream.Media.WebRtc.Ice;
using BcSrtpProfile = Org.BouncyCastle.Tls.SrtpProtectionProfile;

namespace SecureStream.ViewerClient;

/// <summary>
/// A viewer's one loopback UDP socket towards one gateway candidate: STUN Binding requests as the
/// controlling agent (RFC 8445 §7.2.2, written with <see cref="StunMessageWriter"/>), a
/// BouncyCastle DTLS client, and the SRTP/SRTCP packets it receives, demultiplexed by first byte
/// (RFC 7983). Binds 127.0.0.1 only: the viewer is a loopback test and load client.
/// </summary>
internal sealed class ViewerTransport : IAsyncDisposable
{
    /// <summary>RFC 8445 §14.3's Ta is 50 ms for a whole agent; one check every 200 ms is gentle for one pair.</summary>
    private static readonly TimeSpan CheckRetransmit = TimeSpan.FromMilliseconds(200);

    // RFC 8445 §5.1.2.1: a host candidate's priority as a browser would send it in PRIORITY.
    private const uint CheckPriority = 0x6e7f1eff;

    // RFC 5246 §6.2.1 (and RFC 6347 §4.1): ContentType alert(21).
    private const byte AlertContentType = 21;

    /// <summary>
    /// The receive buffer a browser's video transport asks for (libwebrtc's
    /// <c>kVideoRtpRecvBufferSize</c>; Linux doubles it for bookkeeping): a viewer with the
    /// kernel default (208 KB) loses packets that a browser would have kept, which is the load
    /// tool's loss, not the gateway's.
    /// </summary>
    private const int LibWebRtcReceiveBufferBytes = 262_144;

    private readonly UdpClient _socket;
    private readonly BlockingCollection<byte[]> _dtls = new(256);
    private readonly Channel<byte[]> _stun = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(64) { FullMode = BoundedChannelFullMode.DropOldest });
    private readonly Channel<byte[]> _media;
    private readonly CancellationTokenSource _stop = new();
    private readonly IPEndPoint _server;
    private readonly ulong _tieBreaker = BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8));
    private readonly Task _receiving;
    private readonly TaskCompletionSource _gatewayClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly string? _localPassword;
    private readonly TaskCompletionSource _gatewayChecked = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _mediaDropped;
    private volatile bool _established;

    /// <param name="server">The gateway's UDP candidate.</param>
    /// <param name="localUfrag">This viewer's ufrag from its offer: the second half of every check's USERNAME.</param>
    /// <param name="certificate">This viewer's DTLS certificate, whose fingerprint the offer carries; a fresh one when null.</param>
    /// <param name="mediaQueue">Received SRTP packets waiting for the reader; beyond it they are dropped and counted.</param>
    /// <param name="localAddress">The address to bind; 127.0.0.1 when null. Another address of this machine only for a gateway whose candidates are not on loopback (Janus).</param>
    /// <param name="localPassword">This viewer's ICE password: with it the viewer answers the gateway's own checks (<see cref="ViewerStunResponder"/>); none are answered when null.</param>
    public ViewerTransport(IPEndPoint server, string localUfrag, DtlsCertificate? certificate = null, int mediaQueue = 8192, IPAddress? localAddress = null, string? localPassword = null)
    {
        _localPassword = localPassword;
        _socket = new UdpClient(new IPEndPoint(localAddress ?? IPAddress.Loopback, 0));
        _socket.Client.ReceiveBufferSize = LibWebRtcReceiveBufferBytes;
        _server = server;
        LocalUfrag = localUfrag;
        Certificate = certificate ?? DtlsCertificate.Generate(TimeProvider.System);
        _media = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(mediaQueue)
        {
            FullMode = BoundedChannelFullMode.DropWrite,
            SingleReader = true,
            SingleWriter = true,
        }, _ => Interlocked.Increment(ref _mediaDropped));
        _receiving = ReceiveAsync();
    }

    public string LocalUfrag { get; }

    public DtlsCertificate Certificate { get; }

    /// <summary>This socket's address (127.0.0.1 and an ephemeral port).</summary>
    public IPEndPoint LocalEndPoint => (IPEndPoint)_socket.Client.LocalEndPoint!;

    /// <summary>SRTP and SRTCP packets from the gateway, as received.</summary>
    public ChannelReader<byte[]> Media => _media.Reader;

    /// <summary>Completes when the viewer first answered a check of the gateway (<see cref="ViewerStunResponder"/>).</summary>
    public Task GatewayChecked => _gatewayChecked.Task;

    /// <summary>Media packets dropped because the reader fell behind by more than the queue.</summary>
    public long MediaDropped => Interlocked.Read(ref _mediaDropped);

    /// <summary>The DTLS association after <see cref="HandshakeAsync"/>; closing it sends close_notify.</summary>
    public DtlsTransport? Dtls { get; private set; }

    /// <summary>
    /// Completes when the gateway ends the association after the handshake: an alert record
    /// (RFC 6347 §4.1, content type 21) then is its close_notify or a fatal alert, the way a
    /// gateway ends a session it was told to end (deadline, kick, camera gone). The media channel
    /// completes with it, so a reader sees the end.
    /// </summary>
    public Task GatewayClosed => _gatewayClosed.Task;

    /// <summary>
    /// Sends a Binding request with the gateway's credentials from the answer, repeating it every
    /// 200 ms until a success response to it arrives; returns the response. With
    /// <paramref name="nominate"/> it carries USE-CANDIDATE (RFC 8445 §8.1.1, aggressive as with an
    /// ICE-lite peer); consent refreshes (RFC 7675) send it without.
    /// </summary>
    public async Task<byte[]> CheckAsync(string gatewayUfrag, string gatewayPassword, CancellationToken cancellationToken, bool nominate = true)
    {
        var transactionId = RandomNumberGenerator.GetBytes(StunMessage.TransactionIdSize);
        var request = WriteBinding(transactionId, gatewayUfrag, gatewayPassword, nominate);
        var key = Encoding.ASCII.GetBytes(gatewayPassword);
        while (true)
        {
            await _socket.SendAsync(request, _server, cancellationToken);
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            wait.CancelAfter(CheckRetransmit);
            try
            {
                while (true)
                {
                    var response = await _stun.Reader.ReadAsync(wait.Token);
                    if (IsResponseTo(response, transactionId, key))
                    {
                        return response;
                    }
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // No answer within the retransmit interval: send again.
            }
        }
    }

    /// <summary>Sends one datagram (e.g. SRTCP feedback) to the gateway from the checked address.</summary>
    public async Task SendAsync(byte[] datagram, CancellationToken cancellationToken) =>
        await _socket.SendAsync(datagram, _server, cancellationToken);

    /// <summary>Runs the DTLS handshake as client (blocking BouncyCastle code on its own thread).</summary>
    /// <param name="srtpProfiles">The <c>use_srtp</c> offer; null offers AES-128-GCM, then AES-CM with HMAC-SHA1-80.</param>
    public Task<ViewerDtlsClient> HandshakeAsync(DtlsFingerprint gatewayFingerprint, IReadOnlyList<int>? srtpProfiles = null)
    {
        int[] offer = srtpProfiles is null ? [BcSrtpProfile.SRTP_AEAD_AES_128_GCM, BcSrtpProfile.SRTP_AES128_CM_HMAC_SHA1_80] : [.. srtpProfiles];
        var client = new ViewerDtlsClient(Certificate, offer, gatewayFingerprint);
        return Task.Factory.StartNew(
            () =>
            {
                Dtls = new DtlsClientProtocol().Connect(client, new Transport(this));
                _established = true;
                return client;
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Dispose();
        try
        {
            await _receiving;
        }
        catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }

        _media.Writer.TryComplete();
        _dtls.Dispose();
        _stop.Dispose();
    }

    private byte[] WriteBinding(byte[] transactionId, string gatewayUfrag, string gatewayPassword, bool nominate)
    {
        var buffer = new byte[512];
        var writer = new StunMessageWriter(buffer, StunClass.Request, StunMethod.Binding, transactionId);

        // RFC 8445 §7.2.2: USERNAME is "<their ufrag>:<our ufrag>", signed with their password.
        writer.AddUsername($"{gatewayUfrag}:{LocalUfrag}");
        writer.AddPriority(CheckPriority);
        writer.AddIceControlling(_tieBreaker);
        if (nominate)
        {
            writer.AddUseCandidate();
        }

        writer.AddMessageIntegrity(Encoding.ASCII.GetBytes(gatewayPassword));
        writer.AddFingerprint();
        return writer.Written.ToArray();
    }

    // RFC 8445 §7.2.5.2: a success response to our transaction, signed with the gateway's password.
    private static bool IsResponseTo(byte[] datagram, byte[] transactionId, byte[] key) =>
        StunMessage.TryRead(datagram, out var message, out _)
        && message.Class == StunClass.SuccessResponse
        && message.TransactionId.SequenceEqual(transactionId)
        && message.VerifyMessageIntegrity(key);

    private async Task ReceiveAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var received = await _socket.ReceiveAsync(_stop.Token);
            switch (TransportPacketClassifier.Classify(received.Buffer))
            {
                case TransportPacketKind.Stun when _localPassword is not null
                    && ViewerStunResponder.TryAnswer(received.Buffer, LocalUfrag, _localPassword, received.RemoteEndPoint, out var response):
                    await _socket.SendAsync(response, received.RemoteEndPoint, _stop.Token);
                    _gatewayChecked.TrySetResult();
                    break;
                case TransportPacketKind.Stun:
                    _stun.Writer.TryWrite(received.Buffer);
                    break;
                case TransportPacketKind.Dtls when _established:
                    // Nobody reads DTLS once SRTP is keyed (no data channel): only an alert matters.
                    if (received.Buffer[0] == AlertContentType && _gatewayClosed.TrySetResult())
                    {
                        _media.Writer.TryComplete();
                    }

                    break;
                case TransportPacketKind.Dtls:
                    _dtls.TryAdd(received.Buffer);
                    break;
                case TransportPacketKind.Rtp:
                    _media.Writer.TryWrite(received.Buffer);
                    break;
            }
        }
    }

    private sealed class Transport(ViewerTransport viewer) : DatagramTransport
    {
        public int GetReceiveLimit() => 1500;

        public int GetSendLimit() => 1200;

        public int Receive(byte[] buf, int off, int len, int waitMillis) => Receive(buf.AsSpan(off, len), waitMillis);

        public int Receive(Span<byte> buffer, int waitMillis)
        {
            try
            {
                if (!viewer._dtls.TryTake(out var datagram, waitMillis == 0 ? Timeout.Infinite : waitMillis, viewer._stop.Token))
                {
                    return -1;
                }

                var length = Math.Min(datagram.Length, buffer.Length);
                datagram.AsSpan(0, length).CopyTo(buffer);
                return length;
            }
            catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException)
            {
                // The viewer is closing: end a handshake still under way now, not at its timeout.
                throw new IOException("The viewer's transport is closed.", exception);
            }
        }

        public void Send(byte[] buf, int off, int len) => Send(buf.AsSpan(off, len));

        public void Send(ReadOnlySpan<byte> buffer)
        {
            try
            {
                viewer._socket.Send(buffer, viewer._server);
            }
            catch (ObjectDisposedException)
            {
                // Closing: a late alert has nowhere to go.
            }
        }

        public void Close()
        {
        }
    }
}
