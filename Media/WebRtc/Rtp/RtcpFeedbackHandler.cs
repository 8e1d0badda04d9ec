using System.Buffers;
using SecureStream.Media.Rtp;
using SecureStream.Media.WebRtc.Srtp;

namespace SecureStream.Media.WebRtc.Rtp;

/// <summary>
/// The RTCP side of one viewer's session: unprotects the viewer's SRTCP, reads receiver reports
/// and feedback, and writes our protected sender reports.
/// <list type="bullet">
/// <item>Generic NACK (RFC 4585 §6.2.1): each listed packet still in the track's
/// <see cref="RetransmissionHistory"/> is queued again on the viewer's writer, within a token
/// bucket of <c>maxRetransmissionsPerSecond</c> so a hostile or broken viewer cannot turn us into
/// an amplifier; the rest are counted.</item>
/// <item>PLI (RFC 4585 §6.3.1) and FIR (RFC 5104 §4.3.1, repeated command sequence numbers
/// ignored, §4.3.1.2): noted and counted, and the writer skips queued frames up to the next
/// keyframe so it goes out promptly. We cannot ask the camera for a keyframe: RTSP has no such
/// request, and the camera is shared by every viewer. The kept GOP's keyframe cannot be resent
/// on the live stream either (its sequence numbers are in the past for this viewer); a viewer
/// that is far behind recovers by re-joining, which starts at the kept GOP.</item>
/// <item>Sender reports (RFC 3550 §6.4.1): NTP time from the <see cref="TimeProvider"/>, the RTP
/// timestamp mapped from the track's last frame, the writer's packet and payload octet counts,
/// then SDES CNAME, protected as SRTCP.</item>
/// </list>
/// <see cref="Handle"/> runs on the receive path and the sender reports on their timer; each
/// uses its own SRTP operation, so the two may run concurrently, but neither with itself.
/// </summary>
internal sealed class RtcpFeedbackHandler
{
    public const int DefaultMaxRetransmissionsPerSecond = 500;

    /// <summary>A NACK packet names at most this many sequence numbers we act on; the rest are ignored.</summary>
    public const int MaxNackSequencesPerPacket = 256;

    private const int MaxDatagram = 1500;

    private readonly SrtpContext _srtp;
    private readonly TimeProvider _time;
    private readonly byte[] _cname;
    private readonly Dictionary<uint, ViewerTrack> _tracks = [];
    private readonly Dictionary<uint, byte> _lastFirSequence = [];
    private readonly Lock _reportGate = new();
    private readonly double _maxPerSecond;
    private RtcpReportBlock? _lastReportBlock;
    private double _tokens;
    private long _lastRefill;
    private long _receiverReports;
    private long _nackedPackets;
    private long _retransmitted;
    private long _retransmissionsMissing;
    private long _retransmissionsRateLimited;
    private long _pictureLossIndications;
    private long _fullIntraRequests;
    private long _malformed;
    private long _unprotectFailures;
    private long _authenticationFailures;
    private long _replays;
    private long _otherUnprotectFailures;

    public RtcpFeedbackHandler(
        SrtpContext srtp,
        TimeProvider timeProvider,
        ReadOnlySpan<byte> cname,
        IEnumerable<ViewerTrack> tracks,
        int maxRetransmissionsPerSecond = DefaultMaxRetransmissionsPerSecond)
    {
        ArgumentNullException.ThrowIfNull(srtp);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(tracks);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(cname.Length, RtcpSenderReportWriter.MaxCnameLength);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRetransmissionsPerSecond, 1);
        _srtp = srtp;
        _time = timeProvider;
        _cname = cname.ToArray();
        foreach (var track in tracks)
        {
            _tracks.Add(track.Writer.Ssrc, track);
        }

        _maxPerSecond = maxRetransmissionsPerSecond;
        _tokens = maxRetransmissionsPerSecond;
        _lastRefill = timeProvider.GetTimestamp();
    }

    public long ReceiverReports => Interlocked.Read(ref _receiverReports);

    /// <summary>Sequence numbers the viewer reported lost for our tracks.</summary>
    public long NackedPackets => Interlocked.Read(ref _nackedPackets);

    public long Retransmitted => Interlocked.Read(ref _retransmitted);

    /// <summary>NACKed packets no longer (or never) in the history, or refused by a full writer queue.</summary>
    public long RetransmissionsMissing => Interlocked.Read(ref _retransmissionsMissing);

    public long RetransmissionsRateLimited => Interlocked.Read(ref _retransmissionsRateLimited);

    public long PictureLossIndications => Interlocked.Read(ref _pictureLossIndications);

    public long FullIntraRequests => Interlocked.Read(ref _fullIntraRequests);

    public long Malformed => Interlocked.Read(ref _malformed);

    public long UnprotectFailures => Interlocked.Read(ref _unprotectFailures);

    /// <summary>Of <see cref="UnprotectFailures"/>, SRTCP whose authentication tag did not verify.</summary>
    public long AuthenticationFailures => Interlocked.Read(ref _authenticationFailures);

    /// <summary>Of <see cref="UnprotectFailures"/>, SRTCP replayed or older than the replay window.</summary>
    public long Replays => Interlocked.Read(ref _replays);

    /// <summary>Of <see cref="UnprotectFailures"/>, the rest: malformed, unencrypted, too many streams.</summary>
    public long OtherUnprotectFailures => Interlocked.Read(ref _otherUnprotectFailures);

    /// <summary>The latest report block the viewer sent about one of our tracks, for quality monitoring (read from any thread).</summary>
    public RtcpReportBlock? LastReportBlock
    {
        get
        {
            lock (_reportGate)
            {
                return _lastReportBlock;
            }
        }
    }

    /// <summary>The size a buffer for <see cref="TryWriteSenderReport"/> needs.</summary>
    public int SenderReportSize => RtcpSenderReportWriter.GetSize(_cname.Length) + _srtp.RtcpOverhead;

    /// <summary>Reads one SRTCP datagram from the viewer. Never throws on its bytes.</summary>
    public RtcpFeedbackOutcome Handle(ReadOnlySpan<byte> srtcp)
    {
        if (srtcp.Length > MaxDatagram)
        {
            Interlocked.Increment(ref _malformed);
            return RtcpFeedbackOutcome.Malformed;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(srtcp.Length, 1));
        try
        {
            var unprotected = _srtp.UnprotectRtcp(srtcp, buffer, out var length);
            if (unprotected != SrtpResult.Ok)
            {
                Interlocked.Increment(ref _unprotectFailures);
                if (unprotected == SrtpResult.AuthenticationFailed)
                {
                    Interlocked.Increment(ref _authenticationFailures);
                }
                else if (unprotected is SrtpResult.Replayed or SrtpResult.TooOld)
                {
                    Interlocked.Increment(ref _replays);
                }
                else
                {
                    Interlocked.Increment(ref _otherUnprotectFailures);
                }

                return RtcpFeedbackOutcome.Unprotected;
            }

            var compound = buffer.AsSpan(0, length);
            if (RtcpCompoundReader.Validate(compound) != RtcpError.None)
            {
                Interlocked.Increment(ref _malformed);
                return RtcpFeedbackOutcome.Malformed;
            }

            var reader = new RtcpCompoundReader(compound);
            while (reader.TryReadNext(out var packet))
            {
                Process(packet);
            }

            return RtcpFeedbackOutcome.Accepted;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Writes the protected SR + SDES compound for the track sent as <paramref name="ssrc"/>; false
    /// before its first frame, for an unknown SSRC, or when <paramref name="destination"/> is
    /// smaller than <see cref="SenderReportSize"/>.
    /// </summary>
    public bool TryWriteSenderReport(uint ssrc, Span<byte> destination, out int written)
    {
        written = 0;
        if (!_tracks.TryGetValue(ssrc, out var track) || destination.Length < SenderReportSize)
        {
            return false;
        }

        var now = _time.GetUtcNow();
        if (!track.Packetizer.TryGetRtpTimestamp(now, out var rtpTimestamp))
        {
            return false;
        }

        // §6.4.1: the counts wrap at 32 bits.
        Span<byte> plain = stackalloc byte[RtcpSenderReportWriter.GetSize(_cname.Length)];
        if (!RtcpSenderReportWriter.TryWrite(
                plain,
                ssrc,
                RtcpSenderReportWriter.ToNtpTimestamp(now),
                rtpTimestamp,
                unchecked((uint)track.Writer.PacketsSent),
                unchecked((uint)track.Writer.OctetsSent),
                _cname,
                out var length))
        {
            return false;
        }

        return _srtp.ProtectRtcp(plain[..length], destination, out written) == SrtpResult.Ok;
    }

    /// <summary>
    /// Sends a sender report for every track each <paramref name="interval"/> (RFC 3550 §6.2 asks
    /// for about 5 s; WebRTC endpoints use about 1 s so lip sync settles quickly) until
    /// cancelled, then returns (without throwing). Tracks without a frame yet are skipped. The buffer handed to
    /// <paramref name="send"/> is reused after the returned task completes.
    /// </summary>
    public async Task RunSenderReportsAsync(Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask> send, TimeSpan interval, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(send);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        var buffer = new byte[SenderReportSize];
        using var timer = new PeriodicTimer(interval, _time);

        // Stopped by disposing the timer (the wait then returns false), not by cancelling the
        // wait: a cancelled PeriodicTimer wait throws an exception that carries a stack trace
        // with file and line information, read from the symbol files, at every session's end.
        using var stop = cancellationToken.UnsafeRegister(static timer => ((PeriodicTimer)timer!).Dispose(), timer);
        while (await timer.WaitForNextTickAsync(CancellationToken.None).ConfigureAwait(false))
        {
            foreach (var ssrc in _tracks.Keys)
            {
                if (TryWriteSenderReport(ssrc, buffer, out var written))
                {
                    await send(buffer.AsMemory(0, written), cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    private void Process(RtcpPacket packet)
    {
        switch (packet.Type)
        {
            case RtcpPacketType.ReceiverReport:
            case RtcpPacketType.SenderReport:
                Interlocked.Increment(ref _receiverReports);
                for (var i = 0; i < packet.Count; i++)
                {
                    var block = packet.ReportBlock(i);
                    if (_tracks.TryGetValue(block.Ssrc, out var reported))
                    {
                        reported.Writer.NoteCumulativeLost(block.CumulativeLost);
                        lock (_reportGate)
                        {
                            _lastReportBlock = block;
                        }
                    }
                }

                return;
            case RtcpPacketType.TransportFeedback:
            case RtcpPacketType.PayloadFeedback:
                if (RtcpFeedback.TryRead(packet, out var feedback))
                {
                    Process(feedback);
                }

                return;
        }
    }

    private void Process(RtcpFeedback feedback)
    {
        switch (feedback.Kind)
        {
            case RtcpFeedbackKind.GenericNack when _tracks.TryGetValue(feedback.MediaSsrc, out var track):
                Span<ushort> sequences = stackalloc ushort[MaxNackSequencesPerPacket];
                var count = feedback.CopyNackSequences(sequences);
                Interlocked.Add(ref _nackedPackets, count);
                foreach (var sequence in sequences[..count])
                {
                    Retransmit(track, sequence);
                }

                return;
            case RtcpFeedbackKind.PictureLossIndication when _tracks.TryGetValue(feedback.MediaSsrc, out var track):
                Interlocked.Increment(ref _pictureLossIndications);
                track.Writer.RequestKeyframe();
                return;
            case RtcpFeedbackKind.FullIntraRequest:
                for (var i = 0; i < feedback.FirEntryCount; i++)
                {
                    if (!feedback.TryGetFirEntry(i, out var ssrc, out var commandSequence)
                        || !_tracks.TryGetValue(ssrc, out var firTrack))
                    {
                        continue;
                    }

                    // RFC 5104 §4.3.1.2: a repeated sequence number is a retransmitted request, not a new one.
                    if (_lastFirSequence.TryGetValue(ssrc, out var last) && last == commandSequence)
                    {
                        continue;
                    }

                    _lastFirSequence[ssrc] = commandSequence;
                    Interlocked.Increment(ref _fullIntraRequests);
                    firTrack.Writer.RequestKeyframe();
                }

                return;
        }
    }

    private void Retransmit(ViewerTrack track, ushort sequence)
    {
        if (!TryTakeToken())
        {
            Interlocked.Increment(ref _retransmissionsRateLimited);
            return;
        }

        if (track.Packetizer.History.TryGet(sequence, out var packet) && track.Writer.EnqueueRetransmission(packet))
        {
            Interlocked.Increment(ref _retransmitted);
            return;
        }

        Interlocked.Increment(ref _retransmissionsMissing);
    }

    private bool TryTakeToken()
    {
        var now = _time.GetTimestamp();
        var elapsed = _time.GetElapsedTime(_lastRefill, now).TotalSeconds;
        _lastRefill = now;
        _tokens = Math.Min(_maxPerSecond, _tokens + (elapsed * _maxPerSecond));
        if (_tokens < 1)
        {
            return false;
        }

        _tokens--;
        return true;
    }
}
