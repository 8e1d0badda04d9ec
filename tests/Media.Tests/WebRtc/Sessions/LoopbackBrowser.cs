using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Org.BouncyCastle.Tls;
using SecureStream.Media.Tests.WebRtc.Dtls;
using SecureStream.Media.Tests.WebRtc.Ice;
using SecureStream.Media.Tests.WebRtc.Sdp;
using SecureStream.Media.WebRtc.Dtls;
using SecureStream.Media.WebRtc.Ice;
using BcSrtpProfile = Org.BouncyCastle.Tls.SrtpProtectionProfile;

namespace SecureStream.Media.Tests.WebRtc.Sessions;

/// <summary>
/// A browser made of the project's own parts on one loopback UDP socket: the Chromium offer with
/// its own certificate's fingerprint, STUN Binding requests written with <see cref="StunMessageWriter"/>,
/// a BouncyCastle DTLS client, and the SRTP packets it receives, demultiplexed by first byte.
/// </summary>
internal sealed class LoopbackBrowser : IAsyncDisposable
{
    public const string Ufrag = "EsAw";

    private readonly UdpClient _socket = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly BlockingCollection<byte[]> _dtls = new(256);
    private readonly Channel<byte[]> _stun = Channel.CreateUnbounded<byte[]>();
    private readonly Channel<byte[]> _media = Channel.CreateUnbounded<byte[]>();
    private readonly CancellationTokenSource _stop = new();
    private readonly IPEndPoint _server;
    private readonly Task _receiving;

    public LoopbackBrowser(IPEndPoint server)
    {
        _server = server;
        _receiving = ReceiveAsync();
    }

    public DtlsCertificate Certificate { get; } = DtlsCertificate.Generate(TimeProvider.System);

    /// <summary>Chromium's offer (ufrag <see cref="Ufrag"/>) carrying this browser's fingerprint.</summary>
    public string Offer => ChromiumOffers.Offer.Replace(ChromiumOffers.Fingerprint, Certificate.Fingerprint.SdpValue, StringComparison.Ordinal);

    /// <summary>SRTP and SRTCP packets from the gateway, as received.</summary>
    public ChannelReader<byte[]> Media => _media.Reader;

    /// <summary>Sends a nominating Binding request with the gateway's credentials from the answer; returns the response.</summary>
    public async Task<byte[]> CheckAsync(string gatewayUfrag, string gatewayPassword, CancellationToken cancellationToken)
    {
        var request = IceTestRequests.Binding(
            new IceCredentials(gatewayUfrag, gatewayPassword),
            username: $"{gatewayUfrag}:{Ufrag}",
            useCandidate: true);
        await _socket.SendAsync(request, _server, cancellationToken);
        return await _stun.Reader.ReadAsync(cancellationToken);
    }

    /// <summary>Sends one datagram (e.g. SRTCP feedback) to the gateway from the checked address.</summary>
    public async Task SendAsync(byte[] datagram, CancellationToken cancellationToken) =>
        await _socket.SendAsync(datagram, _server, cancellationToken);

    /// <summary>The DTLS association after <see cref="HandshakeAsync"/>; closing it sends close_notify.</summary>
    public DtlsTransport? Dtls { get; private set; }

    /// <summary>Runs the DTLS handshake as client (blocking BouncyCastle code on its own thread).</summary>
    public Task<DtlsTestClient> HandshakeAsync(DtlsFingerprint gatewayFingerprint)
    {
        var client = new DtlsTestClient(Certificate, [BcSrtpProfile.SRTP_AEAD_AES_128_GCM, BcSrtpProfile.SRTP_AES128_CM_HMAC_SHA1_80], gatewayFingerprint);
        return Task.Factory.StartNew(
            () =>
            {
                Dtls = new DtlsClientProtocol().Connect(client, new Transport(this));
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

        _dtls.Dispose();
        _stop.Dispose();
    }

    private async Task ReceiveAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var received = await _socket.ReceiveAsync(_stop.Token);
            switch (TransportPacketClassifier.Classify(received.Buffer))
            {
                case TransportPacketKind.Stun:
                    _stun.Writer.TryWrite(received.Buffer);
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

    private sealed class Transport(LoopbackBrowser browser) : DatagramTransport
    {
        public int GetReceiveLimit() => 1500;

        public int GetSendLimit() => 1200;

        public int Receive(byte[] buf, int off, int len, int waitMillis) => Receive(buf.AsSpan(off, len), waitMillis);

        public int Receive(Span<byte> buffer, int waitMillis)
        {
            if (!browser._dtls.TryTake(out var datagram, waitMillis == 0 ? Timeout.Infinite : waitMillis))
            {
                return -1;
            }

            var length = Math.Min(datagram.Length, buffer.Length);
            datagram.AsSpan(0, length).CopyTo(buffer);
            return length;
        }

        public void Send(byte[] buf, int off, int len) => Send(buf.AsSpan(off, len));

        public void Send(ReadOnlySpan<byte> buffer) => browser._socket.Send(buffer, browser._server);

        public void Close()
        {
        }
    }
}
