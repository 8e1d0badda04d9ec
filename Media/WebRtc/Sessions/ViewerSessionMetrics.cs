using System.Diagnostics.Metrics;
using SecureStream.Media.Origin;
using SecureStream.Media.Streams;

namespace SecureStream.Media.WebRtc.Sessions;

/// <summary>
/// The viewer sessions' instruments on the media meter (docs/metrics.md, "Media"). The per-packet
/// figures add nothing to the send path: each writer and RTCP handler already keeps its counters
/// for sender reports and logs, and the observable instruments here sum them over the live
/// sessions when a scrape asks, plus a running total of the sessions that ended (folded in once,
/// at their teardown). Tags are bounded: <c>kind</c>, <c>reason</c>, <c>ice_path</c>.
/// </summary>
/// <remarks>
/// One scrape reads every instrument once; the live sessions are summed once per scrape (the
/// first instrument read again starts the next sum), so a scrape costs one pass over the live
/// sessions and allocates nothing per session.
/// </remarks>
internal sealed class ViewerSessionMetrics
{
    public const string FirstFrameInstrumentName = "securestream.media.first_frame.duration";

    private static readonly double[] FirstFrameBuckets = [0.05, 0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 3, 5, 7.5, 10, 15, 20, 30];
    private static readonly IcePath[] Paths = Enum.GetValues<IcePath>();
    private static readonly KeyValuePair<string, object?>[] PathTags = [.. Paths.Select(p => new KeyValuePair<string, object?>("ice_path", p.ToCode()))];
    private static readonly KeyValuePair<string, object?> Video = new("kind", "video");
    private static readonly KeyValuePair<string, object?> Audio = new("kind", "audio");

    private readonly Lock _gate = new();
    private readonly HashSet<WebRtcSession> _live = new(ReferenceEqualityComparer.Instance);
    private readonly int[] _pathCounts = new int[Paths.Length];
    private readonly Histogram<double> _firstFrame;
    private readonly Counter<long> _dtlsFailures;
    private ViewerTraffic _ended;
    private ViewerTraffic _sum;
    private int _readSinceSum = -1;

    public ViewerSessionMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(StreamHubMetrics.MeterName);
        _firstFrame = meter.CreateHistogram<double>(
            FirstFrameInstrumentName,
            "s",
            "Signalling (the viewer's offer, or its request for ours) to the last packet of the first keyframe handed to the viewer's socket.",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = FirstFrameBuckets });
        _dtlsFailures = meter.CreateCounter<long>("securestream.media.dtls_failures", "{handshake}", "DTLS handshakes with viewers that failed, by reason.");

        // bytes_sent counts bytes but has the unit "{byte}", not "By": the Prometheus exporter
        // appends "_bytes" to a name that does not end with it, and the metric's name is
        // securestream_media_bytes_sent_total (docs/metrics.md, "Media").
        var read = 0;
        meter.CreateObservableCounter("securestream.media.packets_sent", ByKind(read++, t => t.VideoPackets, t => t.AudioPackets), "{packet}", "SRTP packets sent to viewers, retransmissions included.");
        meter.CreateObservableCounter("securestream.media.bytes_sent", ByKind(read++, t => t.VideoBytes, t => t.AudioBytes), "{byte}", "SRTP bytes sent to viewers (RTP header, payload, authentication tag).");
        meter.CreateObservableCounter("securestream.media.nacks_received", One(read++, t => t.NackedPackets), "{packet}", "Packets viewers asked for again in generic NACKs.");
        meter.CreateObservableCounter("securestream.media.retransmissions", One(read++, t => t.Retransmissions), "{packet}", "Packets sent again to viewers in answer to NACKs.");
        meter.CreateObservableCounter("securestream.media.plis_received", One(read++, t => t.KeyframeRequests), "{request}", "Keyframe requests from viewers (PLI, and FIR with a new sequence number).");
        meter.CreateObservableCounter("securestream.media.packets_dropped", Dropped(read++), "{packet}", "Packets not sent to a viewer, by reason.");
        meter.CreateObservableCounter("securestream.media.packets_lost", ByKind(read++, t => t.VideoLost, t => t.AudioLost), "{packet}", "Packets viewers reported lost in their receiver reports (increases of the cumulative count).");
        meter.CreateObservableCounter("securestream.media.srtp_failures", SrtpFailures(read++), "{packet}", "SRTCP from viewers refused, and SRTP packets that could not be protected, by reason.");
        meter.CreateObservableGauge("securestream.media.viewer_sessions", Sessions(read++), "{session}", "Live viewer sessions by the ICE path their media takes.");
    }

    /// <summary>A session started: its counters are summed from now on.</summary>
    public void Started(WebRtcSession session)
    {
        lock (_gate)
        {
            _live.Add(session);
        }
    }

    /// <summary>A session ended and its writers stopped: its final counts join the running total, once.</summary>
    public void Ended(WebRtcSession session)
    {
        var final = default(ViewerTraffic);
        session.AddTrafficTo(ref final);
        lock (_gate)
        {
            if (_live.Remove(session))
            {
                _ended.Add(final);
            }
        }
    }

    public void FirstKeyframeSent(TimeSpan sinceSignalling) => _firstFrame.Record(sinceSignalling.TotalSeconds);

    public void DtlsFailed(string reason) => _dtlsFailures.Add(1, new KeyValuePair<string, object?>("reason", reason));

    private Func<IEnumerable<Measurement<long>>> ByKind(int instrument, Func<ViewerTraffic, long> video, Func<ViewerTraffic, long> audio) => () =>
    {
        var sum = Read(instrument);
        return [new(video(sum), Video), new(audio(sum), Audio)];
    };

    private Func<IEnumerable<Measurement<long>>> One(int instrument, Func<ViewerTraffic, long> value) => () =>
        [new(value(Read(instrument)))];

    private Func<IEnumerable<Measurement<long>>> Dropped(int instrument) => () =>
    {
        var sum = Read(instrument);
        return
        [
            new(sum.DroppedQueueFull, new KeyValuePair<string, object?>("reason", "slow_viewer")),
            new(sum.DroppedAwaitingKeyframe, new KeyValuePair<string, object?>("reason", "awaiting_keyframe")),
            new(sum.SkippedForKeyframe, new KeyValuePair<string, object?>("reason", "keyframe_requested")),
        ];
    };

    private Func<IEnumerable<Measurement<long>>> SrtpFailures(int instrument) => () =>
    {
        var sum = Read(instrument);
        return
        [
            new(sum.SrtcpAuthenticationFailures, new KeyValuePair<string, object?>("reason", "srtcp_auth_failed")),
            new(sum.SrtcpReplays, new KeyValuePair<string, object?>("reason", "srtcp_replayed")),
            new(sum.SrtcpOtherFailures, new KeyValuePair<string, object?>("reason", "srtcp_invalid")),
            new(sum.ProtectFailures, new KeyValuePair<string, object?>("reason", "protect_failed")),
        ];
    };

    private Func<IEnumerable<Measurement<int>>> Sessions(int instrument) => () =>
    {
        var measurements = new Measurement<int>[Paths.Length];
        lock (_gate)
        {
            Refresh(instrument);
            for (var i = 0; i < measurements.Length; i++)
            {
                measurements[i] = new(_pathCounts[i], PathTags[i]);
            }
        }

        return measurements;
    };

    /// <summary>
    /// The sum for <paramref name="instrument"/>: a fresh one when this instrument has read the
    /// current sum already (a new scrape), else the current one.
    /// </summary>
    private ViewerTraffic Read(int instrument)
    {
        lock (_gate)
        {
            Refresh(instrument);
            return _sum;
        }
    }

    // Caller holds _gate.
    private void Refresh(int instrument)
    {
        var bit = 1 << instrument;
        if (_readSinceSum >= 0 && (_readSinceSum & bit) == 0)
        {
            _readSinceSum |= bit;
            return;
        }

        _readSinceSum = bit;
        Sum();
    }

    // Caller holds _gate.
    private void Sum()
    {
        var sum = _ended;
        Array.Clear(_pathCounts);
        foreach (var session in _live)
        {
            session.AddTrafficTo(ref sum);
            _pathCounts[(int)session.Path]++;
        }

        _sum = sum;
    }
}
