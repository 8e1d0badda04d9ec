using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using SecureStream.Media.Rtsp;

namespace SecureStream.DemoCameras;

/// <summary>
/// One client connection of the demo server: reads requests with the origin's RTSP parser
/// (<see cref="RtspMessageParser"/>, one parser for both directions), answers them, and owns at most one session whose RTP goes back interleaved on the same connection.
/// Malformed input gets 400 and the connection is closed; it never affects other connections.
/// Silence (no request, no RTCP) for <see cref="DemoCameraServerOptions.SessionTimeout"/> ends it.
/// </summary>
internal sealed partial class DemoRtspConnection : IDisposable
{
    private const string PublicMethods = "OPTIONS, DESCRIBE, SETUP, PLAY, PAUSE, GET_PARAMETER, TEARDOWN";

    private readonly Socket _socket;
    private readonly DemoCameraServer _server;
    private readonly ILogger _logger;
    private readonly string _peer;
    private readonly Channel<DemoOutboundBuffer> _queue;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly CancellationTokenSource _closing;
    private readonly NetworkStream _stream;
    private readonly ITimer _idleTimer;
    private DemoRtspSession? _session;
    private volatile bool _timedOut;
    private volatile bool _writeFailed;

    public DemoRtspConnection(Socket socket, DemoCameraServer server, ILogger logger, CancellationToken serverStopping)
    {
        _socket = socket;
        _server = server;
        _logger = logger;
        _peer = socket.RemoteEndPoint?.ToString() ?? "unknown";
        _closing = CancellationTokenSource.CreateLinkedTokenSource(serverStopping);
        _stream = new NetworkStream(socket, ownsSocket: true);

        // Armed from accept: a client that never completes a request is dropped like a silent one.
        _idleTimer = server.TimeProvider.CreateTimer(static state => ((DemoRtspConnection)state!).OnIdle(), this, server.Options.SessionTimeout, Timeout.InfiniteTimeSpan);
        _queue = Channel.CreateBounded<DemoOutboundBuffer>(new BoundedChannelOptions(server.Options.SendQueueTicks)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait, // TryWrite then fails and the session drops the tick
        });
    }

    public async Task RunAsync()
    {
        var token = _closing.Token;
        var endReason = "closed";
        var stream = _stream;
        var reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 4096, minimumReadSize: 1024, leaveOpen: true));
        var writer = WriteLoopAsync(stream, token);
        var requests = new List<RtspRequest>();
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(token);
                var buffer = result.Buffer;
                var error = ParseAvailable(buffer, requests, out var consumed, out var heard);
                reader.AdvanceTo(consumed, buffer.End);
                if (heard)
                {
                    // RFC 2326 §12.37: any request or RTCP from the client keeps the session alive.
                    _idleTimer.Change(_server.Options.SessionTimeout, Timeout.InfiniteTimeSpan);
                }

                foreach (var request in requests)
                {
                    await HandleAsync(request, token);
                }

                requests.Clear();
                if (error != RtspParseError.None)
                {
                    Log.RequestRefused(_logger, _peer, error);
                    await WriteResponseAsync(new DemoRtspResponse(400).Header("Connection", "close"), null, token);
                    endReason = "bad_request";
                    break;
                }

                if (result.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException)
        {
            endReason = _timedOut ? "timeout" : _writeFailed ? "connection_lost" : "server_stopping";
        }
        catch (Exception exception) when (exception is IOException or SocketException or ObjectDisposedException)
        {
            endReason = "connection_lost";
        }
        finally
        {
            EndSession(endReason);
            _queue.Writer.TryComplete();
            await _closing.CancelAsync();
            await writer;
            await reader.CompleteAsync();
            Dispose();
        }
    }

    /// <summary>Closes the socket; <see cref="RunAsync"/> calls it when the connection ends.</summary>
    public void Dispose()
    {
        _idleTimer.Dispose();
        _stream.Dispose();
        _closing.Dispose();
        _writeLock.Dispose();
    }

    // Every whole request in the buffer, in order; interleaved frames (the client's RTCP receiver
    // reports, RFC 2326 §10.12) are read past. heard: a request or a frame arrived. Internal for
    // the fuzzing harness (fuzz/), which drives this read path with arbitrary bytes.
    internal static RtspParseError ParseAvailable(ReadOnlySequence<byte> buffer, List<RtspRequest> requests, out SequencePosition consumed, out bool heard)
    {
        var reader = new SequenceReader<byte>(buffer);
        var error = RtspParseError.None;
        heard = false;
        while (!reader.End)
        {
            if (RtspInterleavedFrameParser.IsFrameStart(reader))
            {
                if (!RtspInterleavedFrameParser.TryParse(ref reader, out _, out _))
                {
                    break;
                }

                heard = true;
                continue;
            }

            if (!RtspMessageParser.TryParseRequest(ref reader, out var request, out error))
            {
                break;
            }

            requests.Add(request!);
            heard = true;
        }

        consumed = reader.Position;
        return error;
    }

    private void OnIdle()
    {
        _timedOut = true;
        try
        {
            _closing.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The connection ended as the timer fired.
        }
    }

    private async Task HandleAsync(RtspRequest request, CancellationToken cancellationToken)
    {
        var response = request.Method switch
        {
            "OPTIONS" => new DemoRtspResponse(200).Header("Public", PublicMethods),
            "DESCRIBE" => Describe(request),
            "SETUP" => Setup(request),
            "PLAY" => Play(request),
            "PAUSE" => Pause(request),
            "GET_PARAMETER" => CheckSession(request, required: false) ?? new DemoRtspResponse(200),
            "TEARDOWN" => Teardown(request),
            "ANNOUNCE" or "RECORD" or "REDIRECT" or "SET_PARAMETER" => new DemoRtspResponse(405).Header("Allow", PublicMethods),
            _ => new DemoRtspResponse(501).Header("Public", PublicMethods),
        };
        if (_session is { } session && response.Status == 200)
        {
            response.Header("Session", SessionHeader(session));
        }

        await WriteResponseAsync(response, request.CSeq, cancellationToken);

        // The first packet must follow the PLAY answer, never precede it.
        if (request.Method == "PLAY" && response.Status == 200 && _session is { IsPlaying: false } playing)
        {
            playing.IsPlaying = true;
            playing.WaitingForKeyframe = true;
            _server.Clock.Subscribe(playing);
        }
    }

    private DemoRtspResponse Describe(RtspRequest request)
    {
        if (!DemoCameraTarget.TryParse(request.Uri, out var camera, out _))
        {
            return new DemoRtspResponse(404);
        }

        var clip = _server.Clips.Resolve(camera);
        var sdp = DemoSdpWriter.Write(clip, camera, BitConverter.ToInt64(RandomNumberGenerator.GetBytes(8)) & long.MaxValue);
        return new DemoRtspResponse(200)
            .Header("Content-Base", ContentBase(request, camera))
            .Body("application/sdp", sdp);
    }

    private DemoRtspResponse Setup(RtspRequest request)
    {
        if (!DemoCameraTarget.TryParse(request.Uri, out var camera, out var trackId))
        {
            return new DemoRtspResponse(404);
        }

        if (trackId < 0)
        {
            // Only per-track SETUP (the SDP's control URLs); the aggregate URL has two streams.
            return new DemoRtspResponse(459);
        }

        if (request.GetHeader("Session") is not null && CheckSession(request, required: true) is { } refused)
        {
            return refused;
        }

        if (_session is not null && (_session.CameraName != camera || _session.IsPlaying))
        {
            return new DemoRtspResponse(455);
        }

        if (!TryChooseInterleaved(request.GetHeader("Transport"), trackId * 2, out var channel))
        {
            return new DemoRtspResponse(461).Header("Transport", "RTP/AVP/TCP;unicast;interleaved=0-1");
        }

        var other = trackId == 0 ? _session?.Audio : _session?.Video;
        if (other is not null && Math.Abs(other.Channel - channel) < 2)
        {
            return new DemoRtspResponse(461);
        }

        if (_session is null)
        {
            var clip = _server.Clips.Resolve(camera);
            _session = new DemoRtspSession(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)), camera, clip, _queue.Writer);
            _server.OnSessionStarted();
            Log.SessionStarted(_logger, _session.Id, camera, clip.Name, _peer);
        }

        var track = trackId == 0
            ? new DemoRtpTrack(0, (byte)channel, DemoSdpWriter.VideoPayloadType, DemoClip.VideoClockRate)
            : new DemoRtpTrack(1, (byte)channel, DemoSdpWriter.AudioPayloadType, DemoClip.AudioClockRate);
        if (trackId == 0)
        {
            _session.Video = track;
        }
        else
        {
            _session.Audio = track;
        }

        return new DemoRtspResponse(200).Header(
            "Transport",
            string.Create(CultureInfo.InvariantCulture, $"RTP/AVP/TCP;unicast;interleaved={channel}-{channel + 1};ssrc={track.Ssrc:X8};mode=\"PLAY\""));
    }

    private DemoRtspResponse Play(RtspRequest request)
    {
        if (CheckSession(request, required: true) is { } refused)
        {
            return refused;
        }

        var session = _session!;
        if (session.Video is null && session.Audio is null)
        {
            return new DemoRtspResponse(455);
        }

        // RTP-Info (RFC 2326 §12.33) maps "now" on the shared timeline to each track's RTP
        // time, which is how clients line audio up with video before any RTCP.
        var elapsed = _server.Clock.Elapsed;
        var contentBase = ContentBase(request, session.CameraName);
        var info = new List<string>(2);
        foreach (var track in new[] { session.Video, session.Audio })
        {
            if (track is not null)
            {
                var ticks = elapsed.Ticks * track.ClockRate / TimeSpan.TicksPerSecond;
                info.Add(string.Create(CultureInfo.InvariantCulture,
                    $"url={contentBase}trackID={track.TrackId};seq={track.NextSequence};rtptime={track.Timestamp(ticks)}"));
            }
        }

        return new DemoRtspResponse(200)
            .Header("Range", "npt=0.000-")
            .Header("RTP-Info", string.Join(',', info));
    }

    private DemoRtspResponse Pause(RtspRequest request)
    {
        if (CheckSession(request, required: true) is { } refused)
        {
            return refused;
        }

        _server.Clock.Unsubscribe(_session!);
        _session!.IsPlaying = false;
        return new DemoRtspResponse(200);
    }

    private DemoRtspResponse Teardown(RtspRequest request)
    {
        if (CheckSession(request, required: true) is { } refused)
        {
            return refused;
        }

        EndSession("teardown");
        return new DemoRtspResponse(200);
    }

    /// <summary>
    /// The first interleaved unicast transport the client offers (RFC 2326 §12.39), on its channel or
    /// <paramref name="defaultChannel"/>. UDP offers are skipped: the demo streams over the RTSP
    /// connection only. The RTP channel must leave room for RTCP on the next one (at most 254).
    /// </summary>
    private static bool TryChooseInterleaved(string? header, int defaultChannel, out int channel)
    {
        foreach (var offer in RtspTransportHeader.ParseOffers(header))
        {
            channel = offer.InterleavedRtp ?? defaultChannel;
            if (offer.IsInterleaved && !offer.Multicast && !offer.Malformed && channel <= 254)
            {
                return true;
            }
        }

        channel = defaultChannel;
        return false;
    }

    /// <summary>RFC 2326 §12.37: a request in a session names it; a wrong or unknown id is 454.</summary>
    private DemoRtspResponse? CheckSession(RtspRequest request, bool required)
    {
        var header = request.GetHeader("Session");
        if (header is null)
        {
            return required ? new DemoRtspResponse(454) : null;
        }

        var semicolon = header.IndexOf(';', StringComparison.Ordinal);
        var id = (semicolon < 0 ? header : header[..semicolon]).Trim();
        return _session is not null && string.Equals(id, _session.Id, StringComparison.Ordinal) ? null : new DemoRtspResponse(454);
    }

    private void EndSession(string reason)
    {
        if (_session is not { } session)
        {
            return;
        }

        _session = null;
        _server.Clock.Unsubscribe(session);
        session.IsPlaying = false;
        _server.OnSessionEnded();
        Log.SessionEnded(_logger, session.Id, session.CameraName, reason, session.PacketsSent, session.TicksDropped);
    }

    private string SessionHeader(DemoRtspSession session) =>
        string.Create(CultureInfo.InvariantCulture, $"{session.Id};timeout={(int)_server.Options.SessionTimeout.TotalSeconds}");

    // The client's own scheme and authority when it sent an absolute URI (already checked to be
    // visible ASCII by the parser), so control URLs resolve the way it addressed us.
    private string ContentBase(RtspRequest request, string camera)
    {
        var target = request.Uri;
        string prefix;
        if (target.StartsWith("rtsp://", StringComparison.OrdinalIgnoreCase))
        {
            var slash = target.IndexOf('/', 7);
            prefix = slash < 0 ? target : target[..slash];
        }
        else
        {
            prefix = "rtsp://" + _server.LocalEndPoint;
        }

        return prefix + DemoCameraTarget.PathPrefix + camera + "/";
    }

    private async Task WriteResponseAsync(DemoRtspResponse response, int? cseq, CancellationToken cancellationToken)
    {
        var bytes = response.Encode(cseq);
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            await _stream.WriteAsync(bytes, cancellationToken);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task WriteLoopAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        await Task.Yield();
        var reader = _queue.Reader;
        try
        {
            while (await reader.WaitToReadAsync(cancellationToken))
            {
                while (reader.TryRead(out var buffer))
                {
                    try
                    {
                        await _writeLock.WaitAsync(cancellationToken);
                        try
                        {
                            await stream.WriteAsync(buffer.Memory, cancellationToken);
                        }
                        finally
                        {
                            _writeLock.Release();
                        }
                    }
                    finally
                    {
                        buffer.Return();
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception exception) when (exception is IOException or SocketException or ObjectDisposedException)
        {
            _writeFailed = true;
            await _closing.CancelAsync();
        }
        finally
        {
            while (reader.TryRead(out var buffer))
            {
                buffer.Return();
            }
        }
    }
}
