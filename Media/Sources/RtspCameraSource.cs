using Microsoft.Extensions.Logging;
using SecureStream.Media.Codecs;
using SecureStream.Media.Frames;
using SecureStream.Media.Rtp;
using SecureStream.Media.Rtsp;

namespace SecureStream.Media.Sources;

/// <summary>
/// One pull from an RTSP camera: the RTSP session (Media/Rtsp) delivers RTP per track, one
/// receiver per track (Media/Rtp, Media/Codecs) depacketizes it once into frames for the hub, and
/// the same receiver writes the RTCP receiver reports the session sends back to the camera. The
/// video track asks the camera for a keyframe when the pull starts (<see cref="CameraKeyframeRequester"/>).
/// </summary>
internal sealed partial class RtspCameraSource : ICameraSource, IRtpReceiver
{
    /// <summary>Packets that arrive between PLAY and the receivers' creation are held, not lost: the first one is usually the keyframe.</summary>
    private const int MaxEarlyPackets = 1024;

    private static readonly byte[] Cname = "securestream"u8.ToArray();

    private readonly Uri _url;
    private readonly RtspCredentials? _credentials;
    private readonly RtspClientOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Action? _keyframeRequested;
    private readonly Lock _earlyLock = new();
    private List<(int Track, byte[] Packet, bool Rtcp)>? _early = [];
    private TrackReceiver?[] _receivers = [];
    private IFrameSink? _sink;
    private RtspSession? _session;
    private CameraKeyframeRequester? _keyframes;
    private int _videoTrack = -1;

    /// <param name="keyframeRequested">Called for every keyframe request sent to the camera (the per-camera metric).</param>
    public RtspCameraSource(Uri url, RtspCredentials? credentials, RtspClientOptions options, TimeProvider time, ILogger logger, Action? keyframeRequested = null)
    {
        _url = url;
        _credentials = credentials;
        _options = options;
        _time = time;
        _logger = logger;
        _keyframeRequested = keyframeRequested;
    }

    /// <summary>Keyframe requests (PLI or FIR) sent to the camera by this pull.</summary>
    public int KeyframeRequestsSent => _keyframes?.Sent ?? 0;

    public async Task<IReadOnlyList<TrackDescription>> StartAsync(IFrameSink sink, CancellationToken cancellationToken)
    {
        _sink = sink;
        _session = await RtspSession.StartAsync(_url, _credentials, _options, this, _time, _logger, cancellationToken);
        var receivers = new TrackReceiver?[_session.Tracks.Count];
        var tracks = new List<TrackDescription>();
        foreach (var track in _session.Tracks)
        {
            var sdp = track.Sdp;
            var settings = new RtpTrackSettings(track.Index, (byte)sdp.PayloadType, sdp.EncodingName, sdp.ClockRate, sdp.Channels)
            {
                FormatParameters = sdp.FormatParameters,
            };
            var created = RtpTrackFactory.Create(settings, _time);
            if (created.Receiver is { } receiver)
            {
                receivers[track.Index] = new TrackReceiver(receiver, CreateKeyframeRequester(track.Index, receiver.Track));
                tracks.Add(receiver.Track);
            }
            else
            {
                Log.TrackNotDepacketized(_logger, track.Index, created.Error ?? "unsupported");
            }
        }

        if (tracks.Count == 0)
        {
            await _session.DisposeAsync();
            throw new CameraSourceException(RtspFailureReasons.NoTracks, "no track of the camera can be depacketized");
        }

        // Replay what arrived early, in order, before any later packet can pass: later packets
        // wait on the lock in HoldEarly until the receivers are published.
        lock (_earlyLock)
        {
            foreach (var (track, packet, rtcp) in _early!)
            {
                DeliverTo(receivers, track, packet, rtcp, sink);
            }

            _early = null;
            Volatile.Write(ref _receivers, receivers);
        }

        _ = WatchCompletionAsync(_session, sink);
        return tracks;
    }

    public void OnRtp(int trackIndex, ReadOnlyMemory<byte> packet) => Deliver(trackIndex, packet, rtcp: false);

    public void OnRtcp(int trackIndex, ReadOnlyMemory<byte> packet) => Deliver(trackIndex, packet, rtcp: true);

    public int WriteReceiverReport(int trackIndex, uint reporterSsrc, Span<byte> destination)
    {
        var receivers = Volatile.Read(ref _receivers);
        return trackIndex < receivers.Length && receivers[trackIndex] is { } track
            ? track.WriteReceiverReport(reporterSsrc, destination, Cname)
            : 0;
    }

    /// <summary>A viewer joined a running pull that keeps no keyframe: ask the camera, rate-limited.</summary>
    public bool RequestKeyframe() => _keyframes?.RequestForViewer() ?? false;

    public async ValueTask DisposeAsync()
    {
        _keyframes?.Dispose();
        if (_session is { } session)
        {
            await session.DisposeAsync();
        }
    }

    private CameraKeyframeRequester? CreateKeyframeRequester(int trackIndex, TrackDescription track)
    {
        if (_options.KeyframeRequest == RtspKeyframeRequestMode.Off || track.Kind != TrackKind.Video || _keyframes is not null)
        {
            return null;
        }

        _videoTrack = trackIndex;
        _keyframes = new CameraKeyframeRequester(_options, _time, SendKeyframeRequest, attempts => Log.KeyframeRequestsUnanswered(_logger, attempts, _options.KeyframeRequest));
        return _keyframes;
    }

    // Called under the requester's lock from the receive loop or its timer: builds the packet and
    // hands it to the session without waiting for the send.
    private bool SendKeyframeRequest(uint mediaSsrc, byte firSequence)
    {
        if (_session is not { } session)
        {
            return false;
        }

        var fir = _options.KeyframeRequest == RtspKeyframeRequestMode.Fir;
        var packet = new byte[RtcpKeyframeRequestWriter.GetSize(fir, Cname.Length)];
        if (!RtcpKeyframeRequestWriter.TryWrite(packet, session.Ssrc, mediaSsrc, fir, firSequence, Cname, out var length))
        {
            return false;
        }

        _ = session.TrySendRtcpAsync(_videoTrack, packet.AsMemory(0, length));
        Log.KeyframeRequested(_logger, _options.KeyframeRequest, mediaSsrc);
        _keyframeRequested?.Invoke();
        return true;
    }

    private void Deliver(int trackIndex, ReadOnlyMemory<byte> packet, bool rtcp)
    {
        var receivers = Volatile.Read(ref _receivers);
        if (receivers.Length == 0 && HoldEarly(trackIndex, packet, rtcp))
        {
            return;
        }

        if (_sink is { } sink)
        {
            DeliverTo(Volatile.Read(ref _receivers), trackIndex, packet, rtcp, sink);
        }
    }

    private static void DeliverTo(TrackReceiver?[] receivers, int trackIndex, ReadOnlyMemory<byte> packet, bool rtcp, IFrameSink sink)
    {
        if (trackIndex >= receivers.Length || receivers[trackIndex] is not { } track)
        {
            return;
        }

        if (rtcp)
        {
            track.ReceiveRtcp(packet.Span);
        }
        else
        {
            track.Receive(packet.Span, sink);
        }
    }

    private bool HoldEarly(int trackIndex, ReadOnlyMemory<byte> packet, bool rtcp)
    {
        lock (_earlyLock)
        {
            if (_early is null)
            {
                return false;
            }

            if (_early.Count < MaxEarlyPackets)
            {
                _early.Add((trackIndex, packet.ToArray(), rtcp));
            }

            return true;
        }
    }

    private static async Task WatchCompletionAsync(RtspSession session, IFrameSink sink)
    {
        var reason = await session.Completion;
        sink.OnSourceEnded(reason);
    }
}
