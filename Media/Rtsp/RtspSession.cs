using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using SecureStream.Media.Frames;
using SecureStream.Media.Sdp;

namespace SecureStream.Media.Rtsp;

/// <summary>
/// One RTSP pull from one camera (RFC 2326): OPTIONS, DESCRIBE, SETUP per track, PLAY, then
/// keep-alives and RTCP receiver reports until disposed, which sends TEARDOWN. RTP and RTCP go to
/// an <see cref="IRtpReceiver"/> per track. Start failures throw <see cref="CameraSourceException"/>
/// with a reason from <see cref="RtspFailureReasons"/>; after start, <see cref="Completion"/> says
/// when and why the pull ended. Never waits for an RTCP sender report.
/// </summary>
internal sealed partial class RtspSession : IAsyncDisposable
{
    private static readonly TimeSpan TeardownTimeout = TimeSpan.FromSeconds(2);

    private readonly Uri _camera;
    private readonly RtspCredentials? _credentials;
    private readonly RtspClientOptions _options;
    private readonly IRtpReceiver _receiver;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    /// <summary>Room for an RR with one report block and an SDES CNAME.</summary>
    private const int ReceiverReportBufferSize = 256;

    private readonly TaskCompletionSource _firstPacket = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly (int Track, bool Rtcp)?[] _channels = new (int, bool)?[256];
    private readonly uint _ssrc = BitConverter.ToUInt32(RandomNumberGenerator.GetBytes(4));
    private readonly List<RtspTrack> _tracks = [];
    private readonly List<RtspUdpTrackTransport> _udp = [];
    private RtspConnection? _connection;
    private RtspAuthenticator? _auth;
    private RtspSessionHeader? _session;
    private Uri? _aggregate;
    private bool _getParameterSupported;
    private Task _background = Task.CompletedTask;
    private long _unknownChannelFrames;
    private int _disposed;

    private RtspSession(Uri camera, RtspCredentials? credentials, RtspClientOptions options, RtspTransportMode transport, IRtpReceiver receiver, TimeProvider time, ILogger logger)
    {
        _camera = camera;
        _credentials = credentials;
        _options = options;
        Transport = transport;
        _receiver = receiver;
        _time = time;
        _logger = logger;
    }

    /// <summary>The tracks being played, in the order of their indices.</summary>
    public IReadOnlyList<RtspTrack> Tracks => _tracks;

    /// <summary>How RTP arrives: TCP when UDP was asked for but nothing came.</summary>
    public RtspTransportMode Transport { get; }

    /// <summary>Completes with a reason code when the pull ends (camera closed, protocol error, timeout, disposed).</summary>
    public Task<string> Completion => _connection?.Completion ?? Task.FromResult(RtspFailureReasons.Closed);

    /// <summary>Our SSRC as the sender of RTCP (receiver reports, keyframe requests) to the camera.</summary>
    public uint Ssrc => _ssrc;

    /// <summary>Interleaved frames on channels no track was set up for: dropped and counted.</summary>
    public long UnknownChannelFrames => Interlocked.Read(ref _unknownChannelFrames);

    /// <summary>
    /// Connects to <paramref name="url"/> and plays every usable track. Credentials come from
    /// <paramref name="credentials"/> or else the URL's userinfo, which never goes on the wire.
    /// </summary>
    public static async Task<RtspSession> StartAsync(
        Uri url, RtspCredentials? credentials, RtspClientOptions options, IRtpReceiver receiver,
        TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        if (!RtspUrls.IsRtsp(url))
        {
            throw new CameraSourceException(RtspFailureReasons.Refused, "the camera URL is not rtsp:// or rtsps://");
        }

        credentials ??= RtspCredentials.FromUri(url);
        var camera = RtspUrls.WithoutUserInfo(url);
        if (options.Transport == RtspTransportMode.Udp)
        {
            try
            {
                return await StartOnceAsync(camera, credentials, options, RtspTransportMode.Udp, receiver, time, logger, cancellationToken);
            }
            catch (CameraSourceException ex) when (ex.Reason is RtspFailureReasons.NoInput or RtspFailureReasons.BadTransport)
            {
                Log.UdpFallback(logger, camera.Host, ex.Reason);
            }
        }

        return await StartOnceAsync(camera, credentials, options, RtspTransportMode.Tcp, receiver, time, logger, cancellationToken);
    }

    private static async Task<RtspSession> StartOnceAsync(
        Uri camera, RtspCredentials? credentials, RtspClientOptions options, RtspTransportMode transport,
        IRtpReceiver receiver, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        var session = new RtspSession(camera, credentials, options, transport, receiver, time, logger);
        try
        {
            await session.SetUpAsync(cancellationToken);
            return session;
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
    }

    private async Task SetUpAsync(CancellationToken cancellationToken)
    {
        var url = _camera;
        RtspResponse describe;

        // One authenticator for the whole pull, so a Digest offer before a redirect still forbids a
        // later downgrade to Basic. Redirects cannot leave rtsps, so "TLS" holds for every connection.
        _auth = new RtspAuthenticator(_credentials, _camera.Scheme == "rtsps" || _options.AllowBasicOverPlainText);
        for (var redirects = 0; ; redirects++)
        {
            if (_connection is not null)
            {
                await _connection.DisposeAsync();
            }

            _connection = await RtspConnection.ConnectAsync(url, _options, _time, _logger, cancellationToken);
            _connection.FrameReceived = OnFrame;

            // RFC 2326 §10.1: OPTIONS tells whether GET_PARAMETER can serve as keep-alive. Some cameras
            // refuse OPTIONS; only a redirect or an authentication refusal matters here.
            var options = await RequestAsync("OPTIONS", url, [], cancellationToken);
            if (IsRedirect(options))
            {
                url = Redirect(options, redirects);
                continue;
            }

            _getParameterSupported = options.GetHeader("Public") is { } methods
                && methods.Split(',', StringSplitOptions.TrimEntries).Contains("GET_PARAMETER", StringComparer.OrdinalIgnoreCase);

            describe = await RequestAsync("DESCRIBE", url, [new("Accept", "application/sdp")], cancellationToken);
            if (IsRedirect(describe))
            {
                url = Redirect(describe, redirects);
                continue;
            }

            EnsureSuccess(describe, "DESCRIBE");
            break;
        }

        ReadTracks(url, describe);
        for (var i = 0; i < _tracks.Count; i++)
        {
            await SetUpTrackAsync(_tracks[i], cancellationToken);
        }

        // RFC 2326 §12.29: play from now on.
        var play = await RequestAsync("PLAY", _aggregate!, [new("Range", "npt=0.000-")], cancellationToken);
        EnsureSuccess(play, "PLAY");
        Log.Playing(_logger, _camera.Host, _tracks.Count, Transport);
        _background = Task.WhenAll(KeepAliveAsync(_stop.Token), ReceiverReportsAsync(_stop.Token));

        if (Transport == RtspTransportMode.Udp)
        {
            // Firewalls and NAT often eat UDP silently; the caller falls back to TCP on NoInput.
            using var timeout = new CancellationTokenSource(_options.UdpNoPacketTimeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            try
            {
                await _firstPacket.Task.WaitAsync(linked.Token);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new CameraSourceException(RtspFailureReasons.NoInput, "no RTP arrived over UDP");
            }
        }
    }

    private void ReadTracks(Uri requestUrl, RtspResponse describe)
    {
        if (!SdpParser.TryParse(describe.Body.Span, out var sdp, out var sdpError))
        {
            Log.SdpRefused(_logger, _camera.Host, sdpError);
            throw new CameraSourceException(RtspFailureReasons.BadSdp, "the camera's session description was refused");
        }

        // RFC 2326 §C.1.1: relative controls resolve against Content-Base, else Content-Location, else the request URL.
        var baseUrl = requestUrl;
        if ((describe.GetHeader("Content-Base") ?? describe.GetHeader("Content-Location")) is { } baseText)
        {
            baseUrl = CheckSameCamera(Uri.TryCreate(baseText, UriKind.Absolute, out var parsed) ? parsed : null, "Content-Base");
        }

        _aggregate = CheckSameCamera(RtspUrls.Resolve(baseUrl, sdp!.Control), "a=control");
        foreach (var track in SdpTrackReader.ReadTracks(sdp))
        {
            if (!track.IsValid || track.Kind is null || track.Codec == MediaCodec.Unknown)
            {
                Log.TrackSkipped(_logger, _camera.Host, track.MediaIndex, track.InvalidReason ?? "unsupported_codec");
                continue;
            }

            var control = CheckSameCamera(RtspUrls.Resolve(baseUrl, track.Control), "a=control");
            _tracks.Add(new RtspTrack(_tracks.Count, track, control));
            if (_tracks.Count >= 127)
            {
                // Two interleaved channels per track must fit in one byte.
                break;
            }
        }

        if (_tracks.Count == 0)
        {
            throw new CameraSourceException(RtspFailureReasons.NoTracks, "the camera describes no usable track");
        }
    }

    private async Task SetUpTrackAsync(RtspTrack track, CancellationToken cancellationToken)
    {
        string transport;
        RtspUdpTrackTransport? udp = null;
        if (Transport == RtspTransportMode.Tcp)
        {
            // RFC 2326 §10.12 / §12.39: interleaved channels 2i (RTP) and 2i+1 (RTCP).
            transport = $"RTP/AVP/TCP;unicast;interleaved={track.Index * 2}-{(track.Index * 2) + 1}";
        }
        else
        {
            var family = _connection!.RemoteAddress?.AddressFamily ?? AddressFamily.InterNetwork;
            udp = RtspUdpTrackTransport.TryBind(family) ?? throw new CameraSourceException(RtspFailureReasons.BadTransport, "no UDP port pair free");
            _udp.Add(udp);
            transport = $"RTP/AVP;unicast;client_port={udp.RtpPort}-{udp.RtcpPort}";
        }

        var response = await RequestAsync("SETUP", track.ControlUrl, [new("Transport", transport)], cancellationToken);
        if (response.StatusCode == 461 && udp is not null)
        {
            // RFC 2326 §11.4.4: 461 Unsupported Transport.
            throw new CameraSourceException(RtspFailureReasons.BadTransport, "the camera does not offer UDP");
        }

        EnsureSuccess(response, "SETUP");
        if (_session is null)
        {
            if (!RtspSessionHeader.TryParse(response.GetHeader("Session"), out _session))
            {
                throw new CameraSourceException(RtspFailureReasons.ProtocolError, "SETUP answered without a usable Session header");
            }
        }

        var chosen = RtspTransportHeader.Parse(response.GetHeader("Transport"));
        if (udp is null)
        {
            var rtp = chosen.InterleavedRtp ?? track.Index * 2;
            var rtcp = chosen.InterleavedRtcp ?? rtp + 1;
            if (rtp == rtcp || _channels[rtp] is not null || _channels[rtcp] is not null)
            {
                throw new CameraSourceException(RtspFailureReasons.BadTransport, "the camera assigned overlapping interleaved channels");
            }

            _channels[rtp] = (track.Index, false);
            _channels[rtcp] = (track.Index, true);
            return;
        }

        // Only the camera's own address is listened to, whatever the Transport's source= says.
        var server = _connection!.RemoteAddress ?? throw new CameraSourceException(RtspFailureReasons.BadTransport, "no camera address");
        var index = track.Index;
        udp.Start(
            server,
            chosen.ServerRtcpPort,
            packet => DeliverRtp(index, packet),
            packet => DeliverRtcp(index, packet),
            _stop.Token);
    }

    private void OnFrame(byte channel, ReadOnlyMemory<byte> payload)
    {
        if (_channels[channel] is not { } target)
        {
            Interlocked.Increment(ref _unknownChannelFrames);
            return;
        }

        if (target.Rtcp)
        {
            DeliverRtcp(target.Track, payload);
        }
        else
        {
            DeliverRtp(target.Track, payload);
        }
    }

    private void DeliverRtp(int track, ReadOnlyMemory<byte> packet)
    {
        _firstPacket.TrySetResult();
        _receiver.OnRtp(track, packet);
    }

    private void DeliverRtcp(int track, ReadOnlyMemory<byte> packet) =>
        _receiver.OnRtcp(track, packet);

    private async Task<RtspResponse> RequestAsync(string method, Uri url, IReadOnlyList<RtspHeader> headers, CancellationToken cancellationToken)
    {
        var uri = url.AbsoluteUri;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var authorization = _auth!.CreateAuthorization(method, uri);
            var all = authorization is null ? headers : [.. headers, new RtspHeader("Authorization", authorization)];
            var response = await _connection!.SendAsync(new RtspRequest(method, uri, all), _session?.Id, cancellationToken);
            if (response.StatusCode != 401)
            {
                return response;
            }

            var decision = _auth.OnUnauthorized(response.GetHeaders("WWW-Authenticate"), previousAttemptFailed: authorization is not null);
            if (decision.IsRefused)
            {
                Log.AuthenticationRefused(_logger, _camera.Host, decision.RefusalReason!);
                throw new CameraSourceException(decision.RefusalReason!, "the camera's authentication was refused: " + decision.RefusalReason);
            }
        }

        throw new CameraSourceException(RtspFailureReasons.AuthFailed, "the camera kept refusing the credentials");
    }

    private static bool IsRedirect(RtspResponse response) => response.StatusCode is >= 300 and < 400 && response.StatusCode != 304;

    private Uri Redirect(RtspResponse response, int redirects)
    {
        if (redirects >= _options.MaxRedirects)
        {
            throw new CameraSourceException(RtspFailureReasons.TooManyRedirects, "the camera redirected too often");
        }

        var location = response.GetHeader("Location");
        var target = CheckSameCamera(location is not null && Uri.TryCreate(location, UriKind.Absolute, out var parsed) ? parsed : null, "Location");
        Log.Redirected(_logger, _camera.Host, response.StatusCode);
        return target;
    }

    private Uri CheckSameCamera(Uri? candidate, string source)
    {
        if (candidate is null)
        {
            throw new CameraSourceException(RtspFailureReasons.ProtocolError, "the camera sent an unusable " + source + " URL");
        }

        if (!RtspUrls.IsSameCamera(_camera, candidate))
        {
            Log.ForeignUrlRefused(_logger, _camera.Host, source, candidate.IsAbsoluteUri ? candidate.IdnHost : "?");
            throw new CameraSourceException(RtspFailureReasons.ForeignHost, "the camera named a URL on another host in " + source);
        }

        return candidate;
    }

    private static void EnsureSuccess(RtspResponse response, string method)
    {
        if (response.StatusCode is >= 200 and < 300)
        {
            return;
        }

        var reason = response.StatusCode == 404 ? RtspFailureReasons.NotFound : RtspFailureReasons.Refused;
        throw new CameraSourceException(reason, $"the camera answered {method} with {response.StatusCode}");
    }

    // RFC 2326 §12.37: the session lives as long as the server hears from the client within its timeout.
    private async Task KeepAliveAsync(CancellationToken cancellationToken)
    {
        var interval = (_session?.Timeout ?? RtspSessionHeader.DefaultTimeout) / 2;
        var method = _getParameterSupported ? "GET_PARAMETER" : "OPTIONS";
        try
        {
            while (true)
            {
                await Task.Delay(interval, _time, cancellationToken);
                await RequestAsync(method, _aggregate!, [], cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
        catch (CameraSourceException ex)
        {
            // The connection ends with the reason; Completion reports it.
            Log.KeepAliveFailed(_logger, _camera.Host, ex.Reason);
        }
    }

    // RFC 3550 §6.2: receiver reports from the start, without waiting for a sender report.
    private async Task ReceiverReportsAsync(CancellationToken cancellationToken)
    {
        // The receiver that depacketizes a track keeps its reception statistics (one sequence
        // tracker per track, Media/Rtp), so it writes the report; this loop only paces and sends.
        var packet = new byte[ReceiverReportBufferSize];
        try
        {
            while (true)
            {
                await Task.Delay(_options.ReceiverReportInterval, _time, cancellationToken);
                for (var i = 0; i < _tracks.Count; i++)
                {
                    var length = _receiver.WriteReceiverReport(i, _ssrc, packet);
                    if (length == 0)
                    {
                        continue;
                    }

                    await SendRtcpCoreAsync(i, packet.AsMemory(0, length), cancellationToken);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
        catch (Exception ex) when (ex is CameraSourceException or SocketException or ObjectDisposedException)
        {
            // The connection is gone; Completion reports why.
        }
    }

    /// <summary>
    /// Sends one RTCP packet about <paramref name="track"/> to the camera, the way the receiver
    /// reports go (the track's interleaved RTCP channel, or its RTCP port over UDP). Never throws:
    /// false when the pull is stopping or the connection is gone (<see cref="Completion"/> says why).
    /// </summary>
    public async Task<bool> TrySendRtcpAsync(int track, ReadOnlyMemory<byte> packet)
    {
        try
        {
            await SendRtcpCoreAsync(track, packet, _stop.Token);
            return true;
        }
        catch (Exception ex) when (ex is OperationCanceledException or CameraSourceException or SocketException or ObjectDisposedException)
        {
            return false;
        }
    }

    private async Task SendRtcpCoreAsync(int track, ReadOnlyMemory<byte> packet, CancellationToken cancellationToken)
    {
        if (Transport == RtspTransportMode.Udp)
        {
            await _udp[track].SendRtcpAsync(packet, cancellationToken);
        }
        else if (RtcpChannel(track) is { } channel)
        {
            await _connection!.SendFrameAsync(channel, packet, cancellationToken);
        }
    }

    private byte? RtcpChannel(int track)
    {
        for (var channel = 0; channel < _channels.Length; channel++)
        {
            if (_channels[channel] is { } target && target.Track == track && target.Rtcp)
            {
                return (byte)channel;
            }
        }

        return null;
    }

    /// <summary>Sends TEARDOWN (bounded wait) and closes the connection and sockets.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync();
        if (_connection is not null && _session is not null && _aggregate is not null && !_connection.Completion.IsCompleted)
        {
            // RFC 2326 §10.7: tell the camera to stop, so it frees the session at once.
            using var timeout = new CancellationTokenSource(TeardownTimeout, _time);
            try
            {
                await RequestAsync("TEARDOWN", _aggregate, [], timeout.Token);
            }
            catch (Exception ex) when (ex is CameraSourceException or OperationCanceledException)
            {
                Log.TeardownFailed(_logger, _camera.Host);
            }
        }

        await _background;
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }

        foreach (var udp in _udp)
        {
            udp.Dispose();
        }

        _stop.Dispose();
    }
}
