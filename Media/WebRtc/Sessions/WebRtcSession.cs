using System.Text;
using Microsoft.Extensions.Logging;
using SecureStream.Media.Streams;
using SecureStream.Media.WebRtc.Dtls;
using SecureStream.Media.WebRtc.Ice;
using SecureStream.Media.WebRtc.Rtp;
using SecureStream.Media.WebRtc.Sdp;
using SecureStream.Media.WebRtc.Srtp;
using SecureStream.Policy.Access;
using SecureStream.Policy.Sessions;

namespace SecureStream.Media.WebRtc.Sessions;

/// <summary>
/// One viewer's WebRTC session, composed of the transport parts: the ICE-lite agent registered on
/// the shared <see cref="IceUdpEndpoint"/>, a <see cref="DtlsServerSession"/> fed by
/// <see cref="WebRtcSessionTransport"/>, the <see cref="SrtpContext"/> made from its exported
/// keys, one <see cref="ViewerRtpWriter"/> per negotiated track fed from the camera's shared
/// <see cref="OutboundTrackPacketizer"/>, and an <see cref="RtcpFeedbackHandler"/> for the
/// browser's SRTCP. Made by <see cref="WebRtcSessionFactory.Create"/>, which also writes the answer.
/// </summary>
/// <remarks>
/// <para>Life: waiting for ICE (the first DTLS datagram from a verified address) → DTLS handshake
/// → media until one end condition; then everything is torn down in reverse and
/// <see cref="Ended"/> completes with the first <see cref="SessionEndReason"/>.
/// The session owns the <see cref="StreamSubscription"/> it was made with and disposes it.</para>
/// <para>Not here yet: ICE-TCP candidates are whatever the endpoint advertises (nothing here
/// depends on the protocol, but no test covers TCP); trickle ICE through WHEP PATCH is not
/// supported (ICE-lite answers carry all candidates, so the browser needs none of ours); a
/// source failover is left to the packetizer's own discontinuity detection (a jump back or of
/// more than 5 s) because the packetizer is shared and no single viewer should mark it. Frames
/// the hub queues while ICE and DTLS are under way (from the kept GOP on) are sent once SRTP is
/// up, paced by <see cref="CatchUpPacer"/> (four times the camera's pace); skipping ahead to the
/// newest keyframe at that point would be kinder still to the browser's jitter buffer.</para>
/// </remarks>
internal sealed partial class WebRtcSession : IAsyncDisposable
{
    // The first end reason is kept as an int (or NotEnded), so the first caller claims it with one compare-exchange.
    private const int NotEnded = -1;

    private readonly IceLiteAgent _agent;
    private readonly IceSession _ice;
    private readonly WebRtcSessionTransport _transport;
    private readonly DtlsServerSession _dtls;
    private readonly StreamSubscription _subscription;
    private readonly IReadOnlyList<NegotiatedTrack> _tracks;
    private readonly LocalSdpParameters _local;
    private readonly CameraTrackPacketizers _packetizers;
    private readonly TimeSpan _senderReportInterval;
    private readonly ForwardingDelayMetrics? _forwardingDelay;
    private readonly ViewerSessionMetrics? _metrics;
    private readonly IceRemoteCandidates _candidates;
    private readonly long _signalledAt;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource<SessionEndReason> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly long _startedAt;
    private readonly List<IAsyncDisposable> _owned = [];
    private bool _released;
    private ITimer? _deadline;
    private Task? _run;
    private int _endReason = NotEnded;
    private Task _cancelling = Task.CompletedTask;
    private bool _connected;
    private ViewerRtpWriter[] _writers = [];
    private RtcpFeedbackHandler? _feedback;

    internal WebRtcSession(
        string id,
        string answer,
        IceLiteAgent agent,
        IceSession ice,
        WebRtcSessionTransport transport,
        DtlsServerSession dtls,
        StreamSubscription subscription,
        IReadOnlyList<NegotiatedTrack> tracks,
        LocalSdpParameters local,
        CameraTrackPacketizers packetizers,
        TimeSpan senderReportInterval,
        TimeProvider time,
        ILogger logger,
        ForwardingDelayMetrics? forwardingDelay,
        ViewerSessionMetrics? metrics = null,
        IceRemoteCandidates? candidates = null,
        long? signalledAt = null)
    {
        Id = id;
        Answer = answer;
        _agent = agent;
        _ice = ice;
        _transport = transport;
        _dtls = dtls;
        _subscription = subscription;
        _tracks = tracks;
        _local = local;
        _packetizers = packetizers;
        _senderReportInterval = senderReportInterval;
        _time = time;
        _logger = logger;
        _forwardingDelay = forwardingDelay;
        _metrics = metrics;
        _candidates = candidates ?? new IceRemoteCandidates();
        _startedAt = time.GetTimestamp();
        _signalledAt = signalledAt ?? _startedAt;
    }

    public string Id { get; }

    /// <summary>The SDP answer for the browser (ICE-lite credentials, our fingerprint, the endpoint's candidates).</summary>
    public string Answer { get; }

    public CameraPath Camera => _subscription.Camera;

    /// <summary>What the viewer gets: each track's payload type, and whether a transcoder makes it (<see cref="NegotiatedTrack.Source"/>).</summary>
    public IReadOnlyList<NegotiatedTrack> Tracks => _tracks;

    /// <summary>The viewer's ICE ufrag from its SDP; a trickle fragment naming another one asks for an ICE restart.</summary>
    public string? RemoteUfrag => _agent.RemoteUfrag;

    /// <summary>True once the DTLS handshake succeeded and media flows, until the session ends.</summary>
    public bool IsConnected => Volatile.Read(ref _connected);

    /// <summary>True once something ended the session, while its teardown may still be running.</summary>
    public bool IsEnding => Volatile.Read(ref _endReason) != NotEnded;

    /// <summary>Completes, after everything is released, with the reason the session ended (the first cause).</summary>
    public Task<SessionEndReason> Ended => _ended.Task;

    /// <summary>SRTP packets handed to the ICE session so far (retransmissions included).</summary>
    public long PacketsSent => Volatile.Read(ref _writers).Sum(w => w.PacketsSent);

    /// <summary>Media payload octets sent so far (the session.end audit record's byte count).</summary>
    public long OctetsSent => Volatile.Read(ref _writers).Sum(w => w.OctetsSent);

    /// <summary>Live frames the session's pump sent itself, without a hand-off to a writer's loop (<see cref="ViewerRtpWriter.FramesSentInline"/>).</summary>
    internal long FramesSentInline => Volatile.Read(ref _writers).Sum(w => w.FramesSentInline);

    /// <summary>Frames this viewer's writers dropped so far (queue full, or waiting for a keyframe after that).</summary>
    public long FramesDropped => Volatile.Read(ref _writers).Sum(w => w.FramesDropped);

    /// <summary>
    /// Ends the session (unless it had ended already) and waits for the teardown. A session its
    /// owner disposes without having ended it is one the origin refused to carry on (the
    /// transcoder refused it, its session id was live already): <see cref="SessionEndReason.OriginRefused"/>.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        End(SessionEndReason.OriginRefused);
        await (_run ?? Task.CompletedTask).ConfigureAwait(false);
        await Volatile.Read(ref _cancelling).ConfigureAwait(false);
        _stop.Dispose();
    }

    /// <summary>
    /// Hands the session something to release when it ends (a transcoder lease): disposed at its
    /// teardown, with the subscription. False when the teardown already ran; the caller then
    /// disposes it.
    /// </summary>
    internal bool TryOwn(IAsyncDisposable resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        lock (_owned)
        {
            if (_released)
            {
                return false;
            }

            _owned.Add(resource);
            return true;
        }
    }

    /// <summary>Starts the session's one loop; ends at <paramref name="deadline"/> at the latest.</summary>
    internal void Start(DateTimeOffset deadline)
    {
        var due = deadline - _time.GetUtcNow();
        if (deadline == DateTimeOffset.MaxValue)
        {
            // No deadline: a wall display may watch for weeks; other causes still end the session.
        }
        else if (due <= TimeSpan.Zero)
        {
            End(SessionEndReason.Deadline);
        }
        else
        {
            _deadline = _time.CreateTimer(static s => ((WebRtcSession)s!).End(SessionEndReason.Deadline), this, due, Timeout.InfiniteTimeSpan);
        }

        _metrics?.Started(this);
        _ = EndWhenAsync(_subscription.Ended, SessionEndReason.CameraGone);
        // The DTLS association ends with the browser's close_notify or fatal alert, or a
        // transport error: the viewer closed its peer connection.
        _ = EndWhenAsync(_dtls.Ended, SessionEndReason.HangUp);
        Log.SessionCreated(_logger, Id, _tracks.Count);
        _run = RunAsync();
    }

    /// <summary>
    /// Ends the session; the first reason wins and later calls do nothing. Returns the reason the
    /// session ends with: <paramref name="reason"/>, or the earlier one when it was already ending
    /// (its teardown, close_notify first, may still be under way when the viewer reacts to it).
    /// </summary>
    internal SessionEndReason End(SessionEndReason reason)
    {
        if (Interlocked.CompareExchange(ref _endReason, (int)reason, NotEnded) is var earlier && earlier != NotEnded)
        {
            return (SessionEndReason)earlier;
        }

        // End is called from ICE timers, the endpoint's receive loop and DTLS: cancel on the
        // thread pool so none of them runs the session's teardown continuations inline.
        Volatile.Write(ref _cancelling, _stop.CancelAsync());
        return reason;
    }

    private async Task EndWhenAsync(Task trigger, SessionEndReason reason)
    {
        await trigger.ConfigureAwait(false);
        End(reason);
    }

    private async Task RunAsync()
    {
        var token = _stop.Token;
        SrtpContext? srtp = null;
        try
        {
            await _transport.IceVerified.WaitAsync(token).ConfigureAwait(false);
            var handshake = await _dtls.HandshakeAsync(token).ConfigureAwait(false);
            if (!handshake.Succeeded)
            {
                _metrics?.DtlsFailed(handshake.FailureReason ?? DtlsFailureReasons.HandshakeFailed);
                End(SessionEndReason.ConnectFailed);
                return;
            }

            srtp = SrtpContext.Create(SrtpKeyingMaterial.FromDtlsExporter(
                handshake.KeyingMaterial, (SrtpProtectionProfile)(int)handshake.Profile, SrtpEndpointRole.Server));
            await RunMediaAsync(srtp, token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Ended: the reason is already set.
        }
#pragma warning disable CA1031 // The session's one loop: any failure ends the session, with a log, instead of faulting an unobserved task.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            Log.SessionFailed(_logger, Id, exception);
            End(SessionEndReason.OriginError);
        }
        finally
        {
            await TearDownAsync(srtp).ConfigureAwait(false);
        }
    }

    private async Task RunMediaAsync(SrtpContext srtp, CancellationToken token)
    {
        using var packetizerLease = _packetizers.Lease(_subscription.Pull);
        var protectLock = new Lock();
        var viewerTracks = new Dictionary<int, ViewerTrack>();
        var timedTrack = FirstFrameTrack();
        foreach (var track in _tracks)
        {
            var packetizer = _packetizers.GetOrAdd(_subscription.Pull, track.Track);
            var writer = new ViewerRtpWriter(
                srtp,
                _local.Ssrcs[track.Track.TrackId],
                (byte)track.PayloadType,
                packetizer.IsVideo,
                _transport.SendBatchAsync,
                protectLock: protectLock,
                forwardingDelay: _forwardingDelay,
                catchUp: new CatchUpPacer(_time),
                onFirstKeyframeSent: ReferenceEquals(track, timedTrack) && _metrics is not null ? FirstKeyframeSent : null,
                givenWindow: Math.Max(64, packetizer.History.Capacity));
            viewerTracks.Add(track.Track.TrackId, new ViewerTrack(writer, packetizer));
        }

        Volatile.Write(ref _writers, [.. viewerTracks.Values.Select(t => t.Writer)]);

        var feedback = new RtcpFeedbackHandler(srtp, _time, Encoding.ASCII.GetBytes(_local.CName), viewerTracks.Values);
        Volatile.Write(ref _feedback, feedback);
        _transport.SetFeedback(feedback);
        Volatile.Write(ref _connected, true);
        Log.SessionConnected(_logger, Id, srtp.Profile);

        var tasks = new List<Task>(viewerTracks.Count + 2);
        tasks.AddRange(viewerTracks.Values.Select(t => t.Writer.RunAsync(token)));
        tasks.Add(feedback.RunSenderReportsAsync(_transport.SendAsync, _senderReportInterval, token));
        try
        {
            await PumpAsync(viewerTracks, token).ConfigureAwait(false);
        }
        finally
        {
            _transport.SetFeedback(null);
            foreach (var track in viewerTracks.Values)
            {
                track.Writer.Complete();
            }

            await Task.WhenAll(tasks.Select(IgnoreCancellationAsync)).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Camera frames → shared packets → this viewer's writers. Never waits for the viewer: a full
    /// writer drops and counts. With few viewers this runs on the thread that read the camera's frame
    /// (<see cref="StreamSubscription.ConsumeAsync"/>).
    /// </summary>
    private async Task PumpAsync(Dictionary<int, ViewerTrack> tracks, CancellationToken token)
    {
        await _subscription.ConsumeAsync(
            frame =>
            {
                if (tracks.TryGetValue(frame.TrackId, out var track) && track.Packetizer.Packetize(frame) is { } packets)
                {
                    track.Writer.Enqueue(packets);
                }
            },
            token).ConfigureAwait(false);

        // The queue completes when the camera's stream ends.
        End(SessionEndReason.CameraGone);
    }

    private static async Task IgnoreCancellationAsync(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Ending cancels the loops.
        }
    }

    private async Task TearDownAsync(SrtpContext? srtp)
    {
        // The loop always ends with a cause set; one missing would be a bug of ours.
        End(SessionEndReason.OriginError);
        Volatile.Write(ref _connected, false);
        if (_deadline is not null)
        {
            await _deadline.DisposeAsync().ConfigureAwait(false);
        }

        await _dtls.DisposeAsync().ConfigureAwait(false);
        _ice.Dispose();
        _agent.Dispose();
        srtp?.Dispose();
        IAsyncDisposable[] owned;
        lock (_owned)
        {
            _released = true;
            owned = [.. _owned];
        }

        // Transcoder leases first: their frames stop before the subscription they feed ends.
        foreach (var resource in owned)
        {
            await resource.DisposeAsync().ConfigureAwait(false);
        }

        await _subscription.DisposeAsync().ConfigureAwait(false);

        var reason = (SessionEndReason)Volatile.Read(ref _endReason);
        var seconds = _time.GetElapsedTime(_startedAt).TotalSeconds;
        var framesDropped = FramesDropped;
        var refused = _transport.PacketsDropped;
        var code = reason.ToCode();
        Log.SessionEnded(_logger, Id, code, seconds, PacketsSent, framesDropped, refused);
        _metrics?.Ended(this);
        _ended.TrySetResult(reason);
    }
}
