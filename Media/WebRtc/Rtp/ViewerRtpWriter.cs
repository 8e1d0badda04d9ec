using System.Buffers;
using System.Threading.Channels;
using SecureStream.Media.WebRtc.Batching;
using SecureStream.Media.WebRtc.Srtp;

namespace SecureStream.Media.WebRtc.Rtp;

/// <summary>
/// Sends one track to one viewer: copies each frame's shared packets back to back into one pooled
/// buffer, writes the viewer's SSRC and payload type over the placeholders, SRTP-protects each in
/// place and hands the frame to the send delegate as one batch (one system call on Linux,
/// docs/architecture.md, data path steps 5–7). While nothing is queued and the writer's loop is idle, a
/// live frame is protected and sent by <see cref="Enqueue"/>'s caller itself, without a hand-off
/// to the loop; it goes through the queue when the loop is busy or a send is still under way.
/// The camera side only calls <see cref="Enqueue"/>, which never blocks and
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
/// with itself: a writer protects only while it holds its send turn (its <see cref="RunAsync"/>
/// loop, or an inline send from <see cref="Enqueue"/>, one at a time), and the writers of one
/// viewer's tracks, which share its context, must share one protect lock.
/// </para>
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001:Types that own disposable fields should be disposable",
    Justification = "The send turn is a SemaphoreSlim whose wait handle is never asked for: it holds nothing to release.")]
internal sealed partial class ViewerRtpWriter
{
    public const int DefaultMaxQueuedPackets = 2048;

    /// <summary>The whole sequence number space: what <see cref="ViewerRtpWriter"/> remembers as given unless told the history is shorter.</summary>
    public const int SequenceSpace = 65536;

    private readonly SrtpContext _srtp;
    private readonly Func<DatagramBatch, CancellationToken, ValueTask> _send;
    private readonly Channel<QueuedItem> _queue = Channel.CreateUnbounded<QueuedItem>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _gate = new();

    // Held by whoever protects and sends: the loop for each queued item, or Enqueue's caller for an
    // inline frame until its send completed. Keeps the packets in order and ProtectRtp single.
    private readonly SemaphoreSlim _sendTurn = new(1, 1);
    private readonly int _maxQueuedPackets;
    private readonly Lock _protectLock;
    private readonly ForwardingDelayMetrics? _forwardingDelay;
    private readonly DateTimeOffset _liveFrom;
    private readonly CatchUpPacer? _catchUp;
    private Action? _onFirstKeyframeSent;

    // One bit per sequence number modulo the window: set when this viewer was given the packet,
    // cleared when its frame was dropped or skipped. Every frame of the track passes Enqueue, so
    // the bits describe the last window's sequence numbers; a retransmission is asked for only
    // while the history still holds the packet, and the window is at least the history.
    private readonly ulong[] _given;
    private readonly int _givenMask;
    private CancellationToken _running;
    private bool _started;
    private int _pendingItems;
    private long _framesSentInline;
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
    /// Sends a frame's SRTP packets (or one retransmitted packet) to the viewer as one batch, in
    /// order. The memory is a pooled buffer that is returned once the returned task completes: the
    /// delegate must not keep it. A task completed at once means the socket took them without blocking.
    /// </param>
    /// <param name="protectLock">
    /// Shared by every writer that uses <paramref name="srtp"/> (a viewer's audio and video
    /// writers); null when this writer is the context's only RTP sender.
    /// </param>
    /// <param name="forwardingDelay">Where each live frame's delay through the gateway is recorded; null records nothing.</param>
    /// <param name="catchUp">Spreads the frames that arrived before this writer over time; null sends them as fast as the socket takes them.</param>
    /// <param name="onFirstKeyframeSent">Called once, after the first keyframe's last packet was handed to the socket (on the send loop, or inline in <see cref="Enqueue"/>).</param>
    /// <param name="givenWindow">
    /// Sequence numbers remembered as given or not for retransmissions: a power of two at least
    /// the track's <see cref="RetransmissionHistory.Capacity"/> (one bit each).
    /// </param>
    public ViewerRtpWriter(
        SrtpContext srtp,
        uint ssrc,
        byte payloadType,
        bool isVideo,
        Func<DatagramBatch, CancellationToken, ValueTask> send,
        int maxQueuedPackets = DefaultMaxQueuedPackets,
        Lock? protectLock = null,
        ForwardingDelayMetrics? forwardingDelay = null,
        CatchUpPacer? catchUp = null,
        Action? onFirstKeyframeSent = null,
        int givenWindow = SequenceSpace)
    {
        ArgumentNullException.ThrowIfNull(srtp);
        ArgumentNullException.ThrowIfNull(send);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(payloadType, (byte)127);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxQueuedPackets, 1);
        if (givenWindow < 64 || givenWindow > SequenceSpace || (givenWindow & (givenWindow - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(givenWindow), givenWindow, "A power of two between 64 and 65536.");
        }

        _srtp = srtp;
        _send = send;
        _given = new ulong[givenWindow / 64];
        _givenMask = givenWindow - 1;
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

    /// <summary>Frames protected and sent by <see cref="Enqueue"/>'s caller, without a hand-off to the send loop.</summary>
    public long FramesSentInline => Interlocked.Read(ref _framesSentInline);

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
    /// Queues a frame for the viewer, or, while nothing is queued and the send loop is idle, protects
    /// and sends a live frame on the caller's thread (a send that would block finishes off it);
    /// false when it was dropped (and counted). Never blocks and never waits for the viewer. For
    /// video, frames before the first keyframe, and after a drop until the next keyframe, are dropped.
    /// </summary>
    public bool Enqueue(OutboundFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        bool inline;
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
            _framesQueued++;
            inline = CanSendInline(frame) && _sendTurn.Wait(0);
            if (!inline)
            {
                _queuedPackets += frame.Packets.Count;
                _pendingItems++;
                _queue.Writer.TryWrite(new QueuedItem(frame, default));
            }
        }

        if (inline)
        {
            SendInline(frame);
        }

        return true;
    }

    /// <summary>
    /// Queues a retransmission of one shared packet (from the <see cref="RetransmissionHistory"/>);
    /// false when the queue is full, or when this viewer was never given the packet (it joined
    /// later, or the packet's frame was dropped for it: resending a dropped frame's packets on
    /// request would undo the drop).
    /// </summary>
    public bool EnqueueRetransmission(OutboundPacket packet)
    {
        if (!packet.HasRtpHeader)
        {
            return false;
        }

        var sequence = packet.Sequence;
        lock (_gate)
        {
            var bit = sequence & _givenMask;
            if ((_given[bit >> 6] & (1UL << (bit & 63))) == 0)
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
            _pendingItems++;
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

    /// <summary>
    /// The send loop: one per writer. Ends when <see cref="Complete"/> was called and the queue is
    /// empty, or on cancellation. Frames enqueued before it starts are always queued (inline
    /// sends need its cancellation token).
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _running = cancellationToken;
            _started = true;
        }

        try
        {
            await foreach (var item in _queue.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                await _sendTurn.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    await SendItemAsync(item, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    // Counted down before the turn is given back, so Enqueue never sees an empty
                    // queue while this item is still being sent.
                    lock (_gate)
                    {
                        _pendingItems--;
                    }

                    _sendTurn.Release();
                }
            }
        }
        finally
        {
            lock (_gate)
            {
                _started = false;
            }
        }
    }

    private async ValueTask SendItemAsync(QueuedItem item, CancellationToken cancellationToken)
    {
        if (item.Frame is not { } frame)
        {
            Interlocked.Decrement(ref _queuedPackets);
            if (await SendPacketsAsync(null, item.Packet, cancellationToken).ConfigureAwait(false) > 0)
            {
                Interlocked.Increment(ref _packetsRetransmitted);
            }

            return;
        }

        Interlocked.Add(ref _queuedPackets, -frame.Packets.Count);
        if (SkipForKeyframe(frame))
        {
            return;
        }

        if (_catchUp is not null)
        {
            await _catchUp.WaitAsync(frame, cancellationToken).ConfigureAwait(false);
        }

        await SendPacketsAsync(frame, default, cancellationToken).ConfigureAwait(false);
        FrameSent(frame);
    }

    // Under _gate. Only a live frame (the catch-up pacer never holds one) with nothing queued
    // before it, once the loop runs; the turn is then tried without waiting.
    private bool CanSendInline(OutboundFrame frame) =>
        _started && _pendingItems == 0 && (_catchUp is null || frame.CapturedAt >= _catchUp.LiveFrom);

    /// <summary>Enqueue's caller holds the send turn: protect and send now, and give the turn back once the socket has the frame.</summary>
    private void SendInline(OutboundFrame frame)
    {
        if (SkipForKeyframe(frame))
        {
            _sendTurn.Release();
            return;
        }

        Interlocked.Increment(ref _framesSentInline);
        ValueTask<int> sending;
        try
        {
            sending = SendPacketsAsync(frame, default, _running);
        }
        catch
        {
            _sendTurn.Release();
            throw;
        }

        if (sending.IsCompletedSuccessfully)
        {
            FrameSent(frame);
            _sendTurn.Release();
            return;
        }

        // The socket would have blocked: the rest of the frame is sent awaited, off this thread,
        // and the turn (so every later frame) waits for it.
        _ = FinishInlineAsync(frame, sending);
    }

    private async Task FinishInlineAsync(OutboundFrame frame, ValueTask<int> sending)
    {
        var sent = false;
        try
        {
            await sending.ConfigureAwait(false);
            sent = true;
        }
        catch (OperationCanceledException)
        {
            // The session is ending; its loop ends on the same token.
        }
        finally
        {
            if (sent)
            {
                FrameSent(frame);
            }

            _sendTurn.Release();
        }
    }

    /// <summary>The viewer asked for a keyframe: a non-keyframe is skipped (and no longer counts as given); a keyframe clears the request.</summary>
    private bool SkipForKeyframe(OutboundFrame frame)
    {
        if (!Volatile.Read(ref _keyframeRequested))
        {
            return false;
        }

        if (frame.IsKeyframe)
        {
            Volatile.Write(ref _keyframeRequested, false);
            return false;
        }

        Interlocked.Increment(ref _framesSkippedForKeyframe);
        Interlocked.Add(ref _packetsSkippedForKeyframe, frame.Packets.Count);
        lock (_gate)
        {
            MarkGiven(frame, false);
        }

        return true;
    }

    private void FrameSent(OutboundFrame frame)
    {
        _forwardingDelay?.FrameSent(frame.CapturedAt, _liveFrom, IsVideo);
        if (_onFirstKeyframeSent is { } firstKeyframeSent && frame.IsKeyframe)
        {
            _onFirstKeyframeSent = null;
            firstKeyframeSent();
        }
    }

    private void MarkGiven(OutboundFrame frame, bool given)
    {
        foreach (var packet in frame.Packets)
        {
            if (!packet.HasRtpHeader)
            {
                continue;
            }

            var index = packet.Sequence & _givenMask;
            var bit = 1UL << (index & 63);
            _given[index >> 6] = given ? _given[index >> 6] | bit : _given[index >> 6] & ~bit;
        }
    }

    private readonly record struct QueuedItem(OutboundFrame? Frame, OutboundPacket Packet);
}
