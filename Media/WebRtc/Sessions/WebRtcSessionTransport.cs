using SecureStream.Media.Rtp;
using SecureStream.Media.WebRtc.Batching;
using SecureStream.Media.WebRtc.Dtls;
using SecureStream.Media.WebRtc.Ice;
using SecureStream.Media.WebRtc.Rtp;

namespace SecureStream.Media.WebRtc.Sessions;

/// <summary>
/// Where one session's packets meet the shared ICE port: demultiplexes what the endpoint hands
/// over from the verified browser address by first byte (RFC 7983 §7) — DTLS to the
/// <see cref="DtlsServerSession"/>, SRTCP to the <see cref="RtcpFeedbackHandler"/> once SRTP is
/// up — and sends DTLS records and SRTP/SRTCP on the ICE session's selected pair.
/// </summary>
/// <remarks>
/// Runs on the endpoint's receive loop: never blocks, never throws, never logs; what it cannot
/// use is counted in <see cref="PacketsDropped"/>. The endpoint calls <see cref="OnPacket"/> only
/// for addresses the ICE agent verified, so the first DTLS datagram is also the signal that ICE
/// checks passed (<see cref="IceVerified"/>).
/// </remarks>
internal sealed class WebRtcSessionTransport : ISessionTransportHandler, IDatagramChannel
{
    private readonly TaskCompletionSource _iceVerified = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Action<IceConsentLossReason> _onConsentLost;
    private IceSession? _ice;
    private DtlsServerSession? _dtls;
    private RtcpFeedbackHandler? _feedback;
    private long _dropped;

    public WebRtcSessionTransport(Action<IceConsentLossReason> onConsentLost)
    {
        ArgumentNullException.ThrowIfNull(onConsentLost);
        _onConsentLost = onConsentLost;
    }

    /// <summary>Completes when the first DTLS datagram arrives from an address ICE verified.</summary>
    public Task IceVerified => _iceVerified.Task;

    /// <summary>Packets that arrived with nothing to take them: DTLS before the session is attached, SRTP/SRTCP before the keys, RTP from a receive-only browser.</summary>
    public long PacketsDropped => Interlocked.Read(ref _dropped);

    /// <summary>The ICE registration to send on, once the endpoint made it.</summary>
    public void Attach(IceSession ice, DtlsServerSession dtls)
    {
        ArgumentNullException.ThrowIfNull(ice);
        ArgumentNullException.ThrowIfNull(dtls);
        Volatile.Write(ref _dtls, dtls);
        Volatile.Write(ref _ice, ice);
    }

    /// <summary>Starts (or, with null, stops) taking SRTCP from the browser.</summary>
    public void SetFeedback(RtcpFeedbackHandler? feedback) => Volatile.Write(ref _feedback, feedback);

    public void OnPacket(ReadOnlyMemory<byte> packet, IceTransportAddress source)
    {
        var span = packet.Span;
        switch (TransportPacketClassifier.Classify(span))
        {
            case TransportPacketKind.Dtls when Volatile.Read(ref _dtls) is { } dtls:
                dtls.OnDatagram(span);
                _iceVerified.TrySetResult();
                return;
            case TransportPacketKind.Rtp when IsRtcp(span) && Volatile.Read(ref _feedback) is { } feedback:
                // The handler counts what it refuses (unprotect failures, malformed compounds).
                feedback.Handle(span);
                return;
            default:
                Interlocked.Increment(ref _dropped);
                return;
        }
    }

    public void OnConsentLost(IceConsentLossReason reason) => _onConsentLost(reason);

    /// <summary>Sends one packet on the selected pair; dropped silently (ICE has no pair yet, or the send failed).</summary>
    public ValueTask SendAsync(ReadOnlyMemory<byte> datagram, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _ice) is not { } ice)
        {
            return ValueTask.CompletedTask;
        }

        var sending = ice.SendAsync(datagram, cancellationToken);
        return sending.IsCompletedSuccessfully ? ValueTask.CompletedTask : AwaitAsync(sending);
    }

    /// <summary>Sends a batch (one frame's SRTP packets) on the selected pair; dropped silently like <see cref="SendAsync"/>. Completes synchronously when the socket took it at once.</summary>
    public ValueTask SendBatchAsync(DatagramBatch batch, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _ice) is not { } ice)
        {
            return ValueTask.CompletedTask;
        }

        var sending = ice.SendBatchAsync(batch, cancellationToken);
        return sending.IsCompletedSuccessfully ? ValueTask.CompletedTask : AwaitAsync(sending);
    }

    // RFC 5761 §4: with rtcp-mux, RTCP packet types 192–223 put 64–95 in RTP's payload type bits;
    // SRTCP needs at least the header and the sender SSRC (RFC 3711 §3.4).
    private static bool IsRtcp(ReadOnlySpan<byte> packet) =>
        RtcpHeader.TryRead(packet, out var header, out _) && header.TryGetSsrc(out _) && (header.Type & 0x7F) is >= 64 and <= 95;

    private static async ValueTask AwaitAsync(ValueTask<bool> sending) => await sending.ConfigureAwait(false);
}
