using System.Buffers;
using System.Buffers.Binary;
using System.Threading.Channels;
using SecureStream.Media.WebRtc.Srtp;

namespace SecureStream.Media.WebRtc.Rtp;

/// <summary>
/// Sends one track to one viewer: copies each shared packet into a pooled buffer, writes the
/// viewer's SSRC and payload type over the placeholders, SRTP-protects it in place and hands it to
/// the send delegate. The camera side only calls <see cref="Enqueue"/>, which never blocks and
/// never waits for the viewer: the queue is bounded in packets, and a frame that does not fit is
/// dropped whole and counted; for video the writer then drops everything up to the next keyframe
/// (a decoder cannot use frames that refer to a missing one). A new video viewer also starts at
/// a keyframe: hand it the kept GOP (through <see cref="OutboundTrackPacketizer.Packetize"/>, so
/// the packets are the shared ones, with parameter sets in front of the keyframe), then the live
/// frames.
/// <para>
/// Security invariant: a retransmission is the byte-identical packet, with the same sequence
/// number, so SRTP re-encrypts the same plaintext under the same index: the keystream is reused
/// only for identical plaintext, which reveals nothing (RFC 3711 §9.1 worries about different
/// plaintexts under one index). <see cref="SrtpContext.ProtectRtp"/> must not run concurrently
/// with itself: each writer protects only on its single <see cref="RunAsync"/> loop, and the
/// writers of one viewer's tracks, which share its context, must share one protect lock.
/// </para>
/// </summary>
internal sealed class ViewerRtpWriter
{
    public const int DefaultMaxQueuedPackets = 2048;

    private readonly SrtpContext _srtp;
    private readonly Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask> _send;
    private readonly Channel<QueuedItem> _queue = Channel.CreateUnbounded<QueuedItem>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _gate = new();
    private readonly int _maxQueuedPackets;
    private readonly Lock _protectLock;
    private readonly ForwardingDelayMetrics? _forwardingDelay;
    private readonly DateTimeOffset _liveFrom;
    private readonly CatchUpPacer? _catchUp;
    private Action? _onFirstKeyframeSent;

    // One bit per sequence number: set when this viewer was given the packet, cleared when its
    // frame was dropped or skipped. Every frame of the track passes Enqueue, so the bits describe
    // the last 65536 sequence numbers; the history is far shorter than that.
    private readonly ulong[] _given = new ulong[65536 / 64];
    private bool _waitingForKeyframe;
    private bool _keyframeRequested;
    private int _queuedPackets;
    private long _framesQueued;
    private long _framesDropped;
    private long _framesSkippedForKeyframe;
    private long _retransmissionsDropped;
    private long _retransmissionsNotGiven;
    private long _packetsSent;
    private long _octetsSent;
    private long _packetsRetransmitted;
    private long _protectFailures;
    private long _packetsDroppedQueueFull;
    private long _packetsDroppedAwaitingKeyframe;
    private long _packetsSkippedForKeyframe;
    private long _lossReported;
    private int? _lastCumulativeLost;

    /// <param name="send">
    /// Sends one SRTP packet to the viewer. The memory is a pooled buffer that is returned once
    /// the returned task completes: the delegate must not keep it.
    /// </param>
    /// <param name="protectLock">
    /// Shared by every writer that uses <paramref name="srtp"/> (a viewer's audio and video
    /// writers); null when this writer is the context's only RTP sender.
    /// </param>
    /// <param name="forwardingDelay">Where each live frame's delay through the gateway is recorded; null records nothing.</param>
    /// <param name="catchUp">Spreads the frames that arrived before this writer over time; null sends them as fast as the socket takes them.</param>
    /// <param name="onFirstKeyframeSent">Called once, on the send loop, after the first keyframe's last packet was handed to the socket.</param>
    public ViewerRtpWriter(
        SrtpContext srtp,
        uint ssrc,
        byte payloadType,
        bool isVideo,
        Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask> send,
        int maxQueuedPackets = DefaultMaxQueuedPackets,
        Lock? protectLock = null,
        ForwardingDelayMetrics? forwardingDelay = null,
        CatchUpPacer? catchUp = null,
        Action? onFirstKeyframeSent = null)
    {
        ArgumentNullException.ThrowIfNull(srtp);
        ArgumentNullException.ThrowIfNull(send);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(payloadType, (byte)127);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxQueuedPackets, 1);
        _srtp = srtp;
        _send = send;
        Ssrc = ssrc;
        PayloadType = payloadType;
        IsVideo = isVideo;
        _maxQueuedPackets = maxQueuedPackets;
        _protectLock = protectLock ?? new Lock();
        _waitingForKeyframe = isVideo;
        _forwardingDelay = forwardingDelay;
        // One boundary between the backlog and live frames for pacing and for the delay metric.
        _liveFrom = catchUp?.LiveFrom ?? forwardingDelay?.Now ?? default;
        _catchUp = catchUp;
        _onFirstKeyframeSent = onFirstKeyframeSent;
    }

    public uint Ssrc { get; }

    public byte PayloadType { get; }

    public bool IsVideo { get; }

    public long FramesQueued => Interlocked.Read(ref _framesQueued);

    /// <summary>Frames dropped because the queue was full, or while waiting for a keyframe after such a drop.</summary>
    public long FramesDropped => Interlocked.Read(ref _framesDropped);

    /// <summary>Queued video frames not sent because the viewer asked for a keyframe (PLI/FIR) and they would not decode.</summary>
    public long FramesSkippedForKeyframe => Interlocked.Read(ref _framesSkippedForKeyframe);

    /// <summary>Retransmissions refused because the queue was full.</summary>
    public long RetransmissionsDropped => Interlocked.Read(ref _retransmissionsDropped);

    /// <summary>Retransmissions refused because this viewer was never given the packet.</summary>
    public long RetransmissionsNotGiven => Interlocked.Read(ref _retransmissionsNotGiven);

    /// <summary>RTP packets sent, retransmissions included (the SR sender's packet count, RFC 3550 §6.4.1).</summary>
    public long PacketsSent => Interlocked.Read(ref _packetsSent);

    /// <summary>Payload octets sent (the SR sender's octet count: headers excluded).</summary>
    public long OctetsSent => Interlocked.Read(ref _octetsSent);

    public long PacketsRetransmitted => Interlocked.Read(ref _packetsRetransmitted);

    /// <summary>Packets SRTP refused to protect (e.g. the index is exhausted and the session must be re-keyed).</summary>
    public long ProtectFailures => Interlocked.Read(ref _protectFailures);

    public int QueuedPackets => Volatile.Read(ref _queuedPackets);

    /// <summary>
    /// Bytes of SRTP handed to the socket: the payload octets plus, per packet, the fixed RTP
    /// header and the SRTP tag. Derived when read, so the send path counts nothing more.
    /// </summary>
    public long WireOctetsSent => OctetsSent + (PacketsSent * (OutboundTrackPacketizer.HeaderSize + _srtp.RtpOverhead));

    /// <summary>Packets of frames dropped because the queue was full (the viewer cannot keep up).</summary>
    public long PacketsDroppedQueueFull => Interlocked.Read(ref _packetsDroppedQueueFull);

    /// <summary>Packets of video frames dropped while waiting for a keyframe (after a drop, or before the first).</summary>
    public long PacketsDroppedAwaitingKeyframe => Interlocked.Read(ref _packetsDroppedAwaitingKeyframe);

    /// <summary>Packets of queued frames skipped because the viewer asked for a keyframe.</summary>
    public long PacketsSkippedForKeyframe => Interlocked.Read(ref _packetsSkippedForKeyframe);

    /// <summary>
    /// Packets the viewer reported lost, summed from the increases of the cumulative count in its
    /// receiver reports (<see cref="NoteCumulativeLost"/>); a decrease (duplicates, RFC 3550 §6.4.1)
    /// is not subtracted, so the sum only grows.
    /// </summary>
    public long LossReported => Interlocked.Read(ref _lossReported);

    /// <summary>
    /// The cumulative number of packets lost from the viewer's latest report block about this
    /// track. Called on the RTCP receive path (one report a second or so), never concurrently
    /// with itself.
    /// </summary>
    public void NoteCumulativeLost(int cumulativeLost)
    {
        if (_lastCumulativeLost is { } last && cumulativeLost > last)
        {
            Interlocked.Add(ref _lossReported, cumulativeLost - last);
        }
        else if (_lastCumulativeLost is null && cumulativeLost > 0)
        {
            Interlocked.Add(ref _lossReported, cumulativeLost);
        }

        _lastCumulativeLost = cumulativeLost;
    }

    /// <summary>
    /// Queues a frame for the viewer; false when it was dropped (and counted). Never blocks. For
    /// video, frames before the first keyframe, and after a drop until the next keyframe, are dropped.
    /// </summary>
    public bool Enqueue(OutboundFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        lock (_gate)
        {
            if (_waitingForKeyframe && !frame.IsKeyframe)
            {
                _framesDropped++;
                _packetsDroppedAwaitingKeyframe += frame.Packets.Count;
                MarkGiven(frame, false);
                return false;
            }

            if (_queuedPackets + frame.Packets.Count > _maxQueuedPackets)
            {
                _framesDropped++;
                _packetsDroppedQueueFull += frame.Packets.Count;
                MarkGiven(frame, false);
                _waitingForKeyframe = IsVideo;
                return false;
            }

            _waitingForKeyframe = false;
            MarkGiven(frame, true);
            _queuedPackets += frame.Packets.Count;
            _framesQueued++;
            _queue.Writer.TryWrite(new QueuedItem(frame, default));
            return true;
        }
    }

    /// <summary>
    /// Queues a retransmission of one shared packet (from the <see cref="RetransmissionHistory"/>);
    /// false when the queue is full, or when this viewer was never given the packet (it joined
    /// later, or the packet's frame was dropped for it: resending a dropped frame's packets on
    /// request would undo the drop).
    /// </summary>
    public bool EnqueueRetransmission(ReadOnlyMemory<byte> packet)
    {
        if (packet.Length < OutboundTrackPacketizer.HeaderSize)
        {
            return false;
        }

        var sequence = BinaryPrimitives.ReadUInt16BigEndian(packet.Span[2..]);
        lock (_gate)
        {
            if ((_given[sequence >> 6] & (1UL << (sequence & 63))) == 0)
            {
                _retransmissionsNotGiven++;
                return false;
            }

            if (_queuedPackets + 1 > _maxQueuedPackets)
            {
                _retransmissionsDropped++;
                return false;
            }

            _queuedPackets++;
            _queue.Writer.TryWrite(new QueuedItem(null, packet));
            return true;
        }
    }

    /// <summary>
    /// The viewer cannot decode (PLI/FIR): queued non-keyframes are skipped until the next
    /// keyframe, so that keyframe is not stuck behind frames the decoder would discard.
    /// </summary>
    public void RequestKeyframe()
    {
        if (IsVideo)
        {
            Volatile.Write(ref _keyframeRequested, true);
        }
    }

    /// <summary>No more frames: <see cref="RunAsync"/> ends after sending what is queued.</summary>
    public void Complete() => _queue.Writer.TryComplete();

    /// <summary>The send loop: one per writer. Ends when <see cref="Complete"/> was called and the queue is empty, or on cancellation.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await foreach (var item in _queue.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            if (item.Frame is not { } frame)
            {
                Interlocked.Decrement(ref _queuedPackets);
                if (await SendAsync(item.Packet, cancellationToken).ConfigureAwait(false))
                {
                    Interlocked.Increment(ref _packetsRetransmitted);
                }

                continue;
            }

            Interlocked.Add(ref _queuedPackets, -frame.Packets.Count);
            if (Volatile.Read(ref _keyframeRequested))
            {
                if (!frame.IsKeyframe)
                {
                    Interlocked.Increment(ref _framesSkippedForKeyframe);
                    Interlocked.Add(ref _packetsSkippedForKeyframe, frame.Packets.Count);
                    lock (_gate)
                    {
                        MarkGiven(frame, false);
                    }

                    continue;
                }

                Volatile.Write(ref _keyframeRequested, false);
            }

            if (_catchUp is not null)
            {
                await _catchUp.WaitAsync(frame, cancellationToken).ConfigureAwait(false);
            }

            foreach (var packet in frame.Packets)
            {
                await SendAsync(packet, cancellationToken).ConfigureAwait(false);
            }

            _forwardingDelay?.FrameSent(frame.CapturedAt, _liveFrom, IsVideo);
            if (_onFirstKeyframeSent is { } firstKeyframeSent && frame.IsKeyframe)
            {
                _onFirstKeyframeSent = null;
                firstKeyframeSent();
            }
        }
    }

    private async ValueTask<bool> SendAsync(ReadOnlyMemory<byte> packet, CancellationToken cancellationToken)
    {
        if (packet.Length < OutboundTrackPacketizer.HeaderSize)
        {
            return false;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(packet.Length + _srtp.RtpOverhead);
        try
        {
            if (!Protect(packet.Span, buffer, out var written))
            {
                Interlocked.Increment(ref _protectFailures);
                return false;
            }

            await _send(buffer.AsMemory(0, written), cancellationToken).ConfigureAwait(false);
            Interlocked.Increment(ref _packetsSent);
            Interlocked.Add(ref _octetsSent, packet.Length - OutboundTrackPacketizer.HeaderSize);
            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void MarkGiven(OutboundFrame frame, bool given)
    {
        foreach (var packet in frame.Packets)
        {
            if (packet.Length < OutboundTrackPacketizer.HeaderSize)
            {
                continue;
            }

            var sequence = BinaryPrimitives.ReadUInt16BigEndian(packet.Span[2..]);
            var bit = 1UL << (sequence & 63);
            _given[sequence >> 6] = given ? _given[sequence >> 6] | bit : _given[sequence >> 6] & ~bit;
        }
    }

    private bool Protect(ReadOnlySpan<byte> packet, byte[] buffer, out int written)
    {
        // The shared packet's header has the placeholders at byte 1 (PT, keep the marker) and 8–11 (SSRC).
        var plain = buffer.AsSpan(0, packet.Length);
        packet.CopyTo(plain);
        plain[1] = (byte)((plain[1] & 0x80) | PayloadType);
        BinaryPrimitives.WriteUInt32BigEndian(plain[8..], Ssrc);
        lock (_protectLock)
        {
            return _srtp.ProtectRtp(plain, buffer, out written) == SrtpResult.Ok;
        }
    }

    private readonly record struct QueuedItem(OutboundFrame? Frame, ReadOnlyMemory<byte> Packet);
}
