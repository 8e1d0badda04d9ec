using System.Diagnostics.Metrics;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SecureStream.Media.Frames;
using SecureStream.Media.Streams;
using SecureStream.Media.Transcoding;
using SecureStream.Media.WebRtc.Dtls;
using SecureStream.Media.WebRtc.Ice;
using SecureStream.Media.WebRtc.Rtp;
using SecureStream.Media.WebRtc.Srtp;
using SecureStream.Media.WebRtc.Sdp;
using SecureStream.Policy.Sessions;

namespace SecureStream.Media.WebRtc.Sessions;

/// <summary>
/// The capability's entry point: turns a browser's WHEP offer and a hub subscription into a
/// started <see cref="WebRtcSession"/> and its SDP answer.
/// </summary>
internal sealed partial class WebRtcSessionFactory
{
    private const string TokenChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private readonly IceUdpEndpoint _endpoint;
    private readonly DtlsSessionFactory _dtls;
    private readonly CameraTrackPacketizers _packetizers;
    private readonly IOptions<WebRtcSessionOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly ForwardingDelayMetrics? _forwardingDelay;
    private readonly ITrackTranscoders? _transcoders;
    private readonly ViewerSessionMetrics? _sessionMetrics;

    public WebRtcSessionFactory(
        IceUdpEndpoint endpoint,
        DtlsSessionFactory dtls,
        CameraTrackPacketizers packetizers,
        IOptions<WebRtcSessionOptions> options,
        TimeProvider time,
        ILoggerFactory loggerFactory,
        IMeterFactory? meterFactory = null,
        ITrackTranscoders? transcoders = null,
        ViewerSessionMetrics? sessionMetrics = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(dtls);
        ArgumentNullException.ThrowIfNull(packetizers);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _endpoint = endpoint;
        _dtls = dtls;
        _packetizers = packetizers;
        _options = options;
        _time = time;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<WebRtcSession>();
        _forwardingDelay = meterFactory is null ? null : new ForwardingDelayMetrics(meterFactory, time);

        // Probed here, at start, rather than by the first viewer's handshake (Media/WebRtc/Srtp/AesGcmSealer.cs).
        Log.SrtpSealPathChosen(_logger, AesGcmSealer.NativeAvailable ? "OpenSSL's EVP functions, called directly" : ".NET's AesGcm");

        // Transcoding is optional: without it, tracks that would need it are left out (transcoding_disabled).
        _transcoders = transcoders;
        _sessionMetrics = sessionMetrics;
    }

    /// <summary>
    /// The moment signalling began, on the clock sessions use: taken when the viewer's offer (or
    /// its request for ours) arrives, and handed to <see cref="Create(string, BrowserSessionDescription, StreamSubscription, DateTimeOffset, long?)"/>
    /// or <see cref="Accept"/> so the time to first frame includes the camera's start.
    /// </summary>
    public long SignallingStarted() => _time.GetTimestamp();

    /// <summary>
    /// Reads and checks <paramref name="offerSdp"/>, matches it against the subscription's tracks,
    /// writes the answer, registers the session on the ICE endpoint and starts it (WHEP: the
    /// browser offers). On success the session owns <paramref name="subscription"/>, which from
    /// then on queues only the camera tracks the viewer gets as they are; tracks it gets
    /// transcoded (<see cref="NegotiatedTrack.IsTranscoded"/>) are the caller's to join
    /// (<see cref="ITrackTranscoders.JoinAsync"/>). On refusal (bad offer, nothing the viewer can
    /// play) the subscription stays the caller's. The session ends at
    /// <paramref name="deadline"/> at the latest.
    /// </summary>
    public WebRtcSessionCreateResult Create(string sessionId, string? offerSdp, StreamSubscription subscription, DateTimeOffset deadline)
    {
        var read = ReadOffer(offerSdp);
        return read.IsValid
            ? Create(sessionId, read.Description, subscription, deadline, null)
            : WebRtcSessionCreateResult.Refused(read.Reason);
    }

    /// <summary>
    /// Reads and checks a browser's offer on its own, before any camera is subscribed: a WHEP
    /// origin refuses a junk offer without pulling the camera for it.
    /// </summary>
    public static BrowserSdpReadResult ReadOffer(string? offerSdp) => BrowserOfferReader.Read(offerSdp, BrowserSdpRole.Offer);

    /// <summary>
    /// <see cref="Create(string, string?, StreamSubscription, DateTimeOffset)"/> for an offer
    /// already read by <see cref="ReadOffer"/>; <paramref name="signalledAt"/> is <see cref="SignallingStarted"/>'s
    /// value when the offer arrived (now when null).
    /// </summary>
    public WebRtcSessionCreateResult Create(string sessionId, BrowserSessionDescription offer, StreamSubscription subscription, DateTimeOffset deadline, long? signalledAt = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        ArgumentNullException.ThrowIfNull(offer);
        ArgumentNullException.ThrowIfNull(subscription);

        var match = CodecMatcher.Match(subscription.Tracks, offer, _transcoders);
        foreach (var left in match.LeftOut)
        {
            Log.TrackLeftOut(_logger, sessionId, left.Track.TrackId, left.Track.Codec, left.Reason);
        }

        if (!match.IsMatched)
        {
            return WebRtcSessionCreateResult.Unplayable(match.Reason);
        }

        var certificate = _dtls.CurrentCertificate;
        var local = NewLocalParameters(certificate, match.Tracks);
        var answer = WhepAnswerWriter.Write(offer, match, local);
        return Start(sessionId, offer, certificate, local, match.Tracks, answer, subscription, deadline, signalledAt);
    }

    /// <summary>
    /// The first half of the OME WebSocket protocol (we offer): our offer for the subscription's
    /// tracks with fresh ICE credentials and the current certificate. Nothing is registered yet;
    /// <see cref="Accept"/> starts the session when the browser's answer arrives.
    /// </summary>
    public PendingOffer CreateOffer(StreamSubscription subscription)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        var certificate = _dtls.CurrentCertificate;
        var (alternatives, reason) = OmeOfferWriter.Plan(subscription.Tracks, _transcoders);

        // One SSRC per section, whichever of its payload types the browser keeps.
        var ssrcs = new Dictionary<int, uint>();
        foreach (var section in alternatives.GroupBy(t => t.SectionIndex))
        {
            var ssrc = RandomSsrc();
            foreach (var track in section)
            {
                ssrcs[track.Track.TrackId] = ssrc;
            }
        }

        var local = NewLocalParameters(certificate, ssrcs);
        var offer = reason is null ? OmeOfferWriter.Write(alternatives, local) : new OmeOfferResult(null, reason);
        return new PendingOffer(offer.Offer, offer.Reason, certificate, local);
    }

    /// <summary>
    /// Reads the browser's answer to <paramref name="pending"/> and starts the session with the
    /// tracks it accepted. On success the session owns <paramref name="subscription"/>.
    /// <paramref name="signalledAt"/> is <see cref="SignallingStarted"/>'s value when the viewer asked for the offer (now when null).
    /// </summary>
    public WebRtcSessionCreateResult Accept(string sessionId, PendingOffer pending, string? answerSdp, StreamSubscription subscription, DateTimeOffset deadline, long? signalledAt = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        ArgumentNullException.ThrowIfNull(pending);
        ArgumentNullException.ThrowIfNull(subscription);
        if (!pending.IsValid)
        {
            return WebRtcSessionCreateResult.Refused(pending.Reason);
        }

        var read = OmeAnswerReader.Read(answerSdp, pending.Offer);
        if (!read.IsValid)
        {
            return read.Reason == BrowserSdpFailure.NoCommonCodec
                ? WebRtcSessionCreateResult.Unplayable(read.Reason)
                : WebRtcSessionCreateResult.Refused(read.Reason);
        }

        return Start(sessionId, read.Answer, pending.Certificate, pending.Local, read.Accepted, pending.Offer.Sdp, subscription, deadline, signalledAt);
    }

    private WebRtcSessionCreateResult Start(
        string sessionId,
        BrowserSessionDescription remote,
        DtlsCertificate certificate,
        LocalSdpParameters local,
        IReadOnlyList<NegotiatedTrack> tracks,
        string localSdp,
        StreamSubscription subscription,
        DateTimeOffset deadline,
        long? signalledAt)
    {
        var options = _options.Value;
        var agentOptions = new IceLiteAgentOptions { ConnectTimeout = options.ConnectTimeout, ConsentTimeout = options.ConsentTimeout };
        var agent = new IceLiteAgent(local.Ice, _time, agentOptions, _loggerFactory.CreateLogger<IceLiteAgent>());
        if (!agent.TrySetRemoteUfrag(remote.RemoteIce.Ufrag))
        {
            // The reader checked the ufrag already; a fresh agent refuses only an invalid one.
            agent.Dispose();
            return WebRtcSessionCreateResult.Refused(BrowserSdpFailure.BadIceCredentials);
        }

        WebRtcSession? session = null;
        var transport = new WebRtcSessionTransport(_ => session?.End(SessionEndReason.ConsentLost));
        IceSession ice;
        try
        {
            ice = _endpoint.Register(agent, transport);
        }
        catch
        {
            agent.Dispose();
            throw;
        }

        // Before the session reads a frame: camera frames of tracks it does not send as they are are never queued.
        subscription.AcceptOnly([.. tracks.Select(t => t.Track.TrackId)]);
        var dtls = _dtls.Create(sessionId, certificate, remote.Fingerprint, transport);
        transport.Attach(ice, dtls);
        var candidates = new IceRemoteCandidates();
        foreach (var candidate in remote.Candidates)
        {
            candidates.Add(candidate);
        }

        session = new WebRtcSession(sessionId, localSdp, agent, ice, transport, dtls, subscription, tracks, local,
            _packetizers, options.SenderReportInterval, _time, _logger, _forwardingDelay, _sessionMetrics, candidates, signalledAt);
        session.Start(deadline);
        return WebRtcSessionCreateResult.Created(session);
    }

    private LocalSdpParameters NewLocalParameters(DtlsCertificate certificate, IEnumerable<NegotiatedTrack> tracks) =>
        NewLocalParameters(certificate, tracks.ToDictionary(t => t.Track.TrackId, _ => RandomSsrc()));

    private LocalSdpParameters NewLocalParameters(DtlsCertificate certificate, IReadOnlyDictionary<int, uint> ssrcs) =>
        new(
            IceCredentials.Generate(),
            certificate.Fingerprint,
            _endpoint.GetLocalCandidates(),
            RandomSessionId(),
            RandomNumberGenerator.GetString(TokenChars, 16),
            RandomNumberGenerator.GetString(TokenChars, 16),
            ssrcs);

    // RFC 8829 §5.2.1: the o= sess-id is random and below 2^63.
    private static long RandomSessionId()
    {
        Span<byte> bytes = stackalloc byte[8];
        RandomNumberGenerator.Fill(bytes);
        return BitConverter.ToInt64(bytes) & long.MaxValue;
    }

    private static uint RandomSsrc()
    {
        Span<byte> bytes = stackalloc byte[4];
        RandomNumberGenerator.Fill(bytes);
        return BitConverter.ToUInt32(bytes);
    }
}
