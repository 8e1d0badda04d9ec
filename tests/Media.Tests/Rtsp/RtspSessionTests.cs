using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SecureStream.Media.Frames;
using SecureStream.Media.Rtsp;
using SecureStream.Policy.Secrets;

namespace SecureStream.Media.Tests.Rtsp;

/// <summary>
/// The session against a real (scripted) RTSP server on loopback, healthy and hostile, on both
/// receive paths: the shared receive thread and each connection's asynchronous reads.
/// </summary>
public abstract class RtspSessionTests
{
    private protected abstract RtspReceiveMode Mode { get; }

    public sealed class OnSharedThread : RtspSessionTests
    {
        private protected override RtspReceiveMode Mode => RtspReceiveMode.SharedThread;
    }

    public sealed class OnAsyncReads : RtspSessionTests
    {
        private protected override RtspReceiveMode Mode => RtspReceiveMode.Async;
    }

    // Bounds every test: a hang fails the test instead of the run. Not a timing assertion.
    private static CancellationToken Bound() => new CancellationTokenSource(TimeSpan.FromSeconds(20)).Token;

    private static RtspClientOptions Fast => new()
    {
        ResponseTimeout = TimeSpan.FromSeconds(5),
        ConnectTimeout = TimeSpan.FromSeconds(5),
        UdpNoPacketTimeout = TimeSpan.FromMilliseconds(500),
    };

    private Task<RtspSession> StartAsync(Uri url, IRtpReceiver receiver, RtspClientOptions? options = null, TimeProvider? time = null, RtspCredentials? credentials = null)
    {
        options ??= Fast;
        options.ReceiveMode = Mode;
        return RtspSession.StartAsync(url, credentials, options, receiver, time ?? TimeProvider.System, NullLogger.Instance, Bound());
    }

    private async Task<string> RefusedAsync(ScriptedRtspServer server, RtspClientOptions? options = null, RtspCredentials? credentials = null, string path = "/stream")
    {
        var ex = await Assert.ThrowsAsync<CameraSourceException>(() => StartAsync(server.Url(path), new RecordingRtpReceiver(), options, credentials: credentials));
        return ex.Reason;
    }

    [Fact]
    public async Task StartAsync_HealthyCamera_PlaysAndDeliversRtp()
    {
        await using var server = new ScriptedRtspServer();
        var receiver = new RecordingRtpReceiver();
        await using (var session = await StartAsync(server.Url(), receiver))
        {
            await receiver.FirstRtp(0).WaitAsync(Bound());
            Assert.Equal(RtspTransportMode.Tcp, session.Transport);
            var track = Assert.Single(session.Tracks);
            Assert.Equal(MediaCodec.H264, track.Sdp.Codec);
            Assert.Equal(new Uri(server.Url() + "/trackID=0"), track.ControlUrl);
            Assert.Equal((byte)96, receiver.FirstPayloadType);
            Assert.Equal(2, track.Sdp.ToTrackDescription(track.Index).ParameterSets.Count);
        }

        var methods = server.Requests.Select(r => r.Method).ToArray();
        Assert.Equal(["OPTIONS", "DESCRIBE", "SETUP", "PLAY", "TEARDOWN"], methods);
        Assert.Equal("12345678", server.Requests.Last().Header("Session"));
        Assert.Contains("interleaved=0-1", server.Requests.First(r => r.Method == "SETUP").Header("Transport"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Play_RtpHandledOnTheChosenReceivePath()
    {
        await using var server = new ScriptedRtspServer();
        var receiver = new RecordingRtpReceiver();
        await using (await StartAsync(server.Url(), receiver))
        {
            await receiver.FirstRtp(0).WaitAsync(Bound());
        }

        // The shared thread is named for what it does; asynchronous reads run on pool workers.
        var onSharedThread = receiver.FirstRtpThreadName?.StartsWith("RTSP receive", StringComparison.Ordinal) == true;
        Assert.Equal(Mode == RtspReceiveMode.SharedThread, onSharedThread);
    }

    [Fact]
    public async Task StartAsync_UserInfoInUrl_NeverSentOnTheWire()
    {
        await using var server = new ScriptedRtspServer();
        var url = new Uri($"rtsp://admin:secret@127.0.0.1:{server.Port}/stream");
        await using (await StartAsync(url, new RecordingRtpReceiver()))
        {
        }

        Assert.All(server.Requests, r => Assert.DoesNotContain("secret", r.Uri, StringComparison.Ordinal));
        Assert.All(server.Requests, r => Assert.DoesNotContain("admin", r.Uri, StringComparison.Ordinal));
    }

    [Fact]
    public async Task KeepAlive_HalfTheSessionTimeout_SendsGetParameterAndReceiverReports()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        await using var server = new ScriptedRtspServer { SessionHeader = "abc;timeout=20" };
        var receiver = new RecordingRtpReceiver();
        await using var session = await StartAsync(server.Url(), receiver, time: time);
        await receiver.FirstRtp(0).WaitAsync(Bound());

        time.Advance(TimeSpan.FromSeconds(5));
        while (server.ClientFrames.IsEmpty)
        {
            await Task.Delay(10, Bound());
        }

        var (channel, report) = server.ClientFrames.First();
        Assert.Equal(1, channel);
        Assert.Equal(201, report[1]);
        Assert.Equal(0x01020304u, System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(report.AsSpan(8)));

        Assert.DoesNotContain(server.Requests, r => r.Method == "GET_PARAMETER");
        time.Advance(TimeSpan.FromSeconds(5));
        var keepAlive = await server.WaitForAsync("GET_PARAMETER", Bound());
        Assert.Equal("abc", keepAlive.Header("Session"));
    }

    [Fact]
    public async Task KeepAlive_NoGetParameterInPublic_SendsOptionsAfter30Seconds()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        await using var server = new ScriptedRtspServer { SessionHeader = "abc", PublicHeader = "OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN" };
        await using var session = await StartAsync(server.Url(), new RecordingRtpReceiver(), time: time);
        time.Advance(TimeSpan.FromSeconds(30));
        while (server.Requests.Count(r => r.Method == "OPTIONS") < 2)
        {
            await Task.Delay(10, Bound());
        }
    }

    [Fact]
    public async Task StartAsync_UdpWithoutPackets_FallsBackToTcp()
    {
        await using var server = new ScriptedRtspServer(r => r.Method == "SETUP" && r.Header("Transport")!.Contains("client_port", StringComparison.Ordinal)
            ? ScriptedRtspServer.Reply(r, headers: $"Session: 1\r\nTransport: {r.Header("Transport")};server_port=9000-9001\r\n")
            : null);
        var receiver = new RecordingRtpReceiver();
        await using var session = await StartAsync(server.Url(), receiver, new RtspClientOptions { Transport = RtspTransportMode.Udp, UdpNoPacketTimeout = TimeSpan.FromMilliseconds(300) });
        Assert.Equal(RtspTransportMode.Tcp, session.Transport);
        await receiver.FirstRtp(0).WaitAsync(Bound());
        Assert.Equal(2, server.ConnectionCount);
        Assert.Contains(server.Requests, r => r.Method == "TEARDOWN");
    }

    [Fact]
    public async Task StartAsync_UdpUnsupported_FallsBackToTcp()
    {
        await using var server = new ScriptedRtspServer(r => r.Method == "SETUP" && r.Header("Transport")!.Contains("client_port", StringComparison.Ordinal)
            ? ScriptedRtspServer.Reply(r, "461 Unsupported Transport")
            : null);
        await using var session = await StartAsync(server.Url(), new RecordingRtpReceiver(), new RtspClientOptions { Transport = RtspTransportMode.Udp });
        Assert.Equal(RtspTransportMode.Tcp, session.Transport);
    }

    [Fact]
    public async Task StartAsync_RedirectToSameHost_Followed()
    {
        await using var server = new ScriptedRtspServer(r => r.Method == "DESCRIBE" && r.Uri.EndsWith("/old", StringComparison.Ordinal)
            ? ScriptedRtspServer.Reply(r, "302 Moved", $"Location: rtsp://127.0.0.1:{r.Uri.Split(':')[2].Split('/')[0]}/new\r\n")
            : null);
        await using var session = await StartAsync(server.Url("/old"), new RecordingRtpReceiver());
        Assert.EndsWith("/new/trackID=0", session.Tracks[0].ControlUrl.AbsoluteUri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DisposeAsync_AfterCameraClosed_DoesNotHang()
    {
        await using var server = new ScriptedRtspServer();
        var session = await StartAsync(server.Url(), new RecordingRtpReceiver());
        await server.DisposeAsync();
        Assert.Equal(RtspFailureReasons.ConnectionClosed, await session.Completion.WaitAsync(Bound()));
        await session.DisposeAsync().AsTask().WaitAsync(Bound());
    }

    // The malicious-camera list of docs/security.md, each played by a real server: a clean refusal with
    // the right reason, no crash, no hang.
    public static TheoryData<string, string> HostileCameras => new()
    {
        { "redirect to another host", RtspFailureReasons.ForeignHost },
        { "Content-Base on another host", RtspFailureReasons.ForeignHost },
        { "control URL on another host", RtspFailureReasons.ForeignHost },
        { "session control URL on another host", RtspFailureReasons.ForeignHost },
        { "redirect with credentials", RtspFailureReasons.ForeignHost },
        { "redirect loop", RtspFailureReasons.TooManyRedirects },
        { "Basic where Digest was offered", RtspFailureReasons.AuthDowngrade },
        { "Basic over plain TCP", RtspFailureReasons.BasicNotAllowed },
        { "absurd Content-Length", RtspFailureReasons.ProtocolError },
        { "endless header lines", RtspFailureReasons.ProtocolError },
        { "NUL bytes", RtspFailureReasons.ProtocolError },
        { "wrong CSeq", RtspFailureReasons.WrongCSeq },
        { "missing CSeq", RtspFailureReasons.WrongCSeq },
        { "hundreds of media sections", RtspFailureReasons.BadSdp },
        { "bad base64 parameter sets", RtspFailureReasons.NoTracks },
        { "no Session header", RtspFailureReasons.ProtocolError },
        { "session id with a line break", RtspFailureReasons.ProtocolError },
        { "overlapping interleaved channels", RtspFailureReasons.BadTransport },
        { "closes mid-response", RtspFailureReasons.ConnectionClosed },
        { "never answers", RtspFailureReasons.ResponseTimeout },
        { "not found", RtspFailureReasons.NotFound },
    };

    [Theory]
    [MemberData(nameof(HostileCameras), MemberType = typeof(RtspSessionTests))]
    public async Task StartAsync_HostileCamera_RefusedWithReason(string name, string expected)
    {
        const string Digest = "WWW-Authenticate: Digest realm=\"cam\", nonce=\"n1\"\r\n";
        var manySections = ScriptedRtspServer.DefaultSdp + string.Concat(Enumerable.Repeat("m=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\n", 300));
        var badBase64 = ScriptedRtspServer.DefaultSdp.Replace("aM4NiA==", "a!M4N*iA", StringComparison.Ordinal);
        var options = Fast;
        Func<ScriptedRequest, string?> script = name switch
        {
            "redirect to another host" => r => r.Method == "DESCRIBE" ? ScriptedRtspServer.Reply(r, "302 Moved", "Location: rtsp://169.254.169.254/latest\r\n") : null,
            "redirect with credentials" => r => r.Method == "OPTIONS" ? ScriptedRtspServer.Reply(r, "301 Moved", $"Location: rtsp://evil@127.0.0.1:1/x\r\n") : null,
            "redirect loop" => r => r.Method == "OPTIONS" ? ScriptedRtspServer.Reply(r, "302 Moved", $"Location: {r.Uri}\r\n") : null,
            "Content-Base on another host" => r => r.Method == "DESCRIBE"
                ? ScriptedRtspServer.Reply(r, headers: "Content-Base: rtsp://10.0.0.5/stream/\r\n", body: ScriptedRtspServer.DefaultSdp) : null,
            "control URL on another host" => r => r.Method == "DESCRIBE"
                ? ScriptedRtspServer.Reply(r, body: ScriptedRtspServer.DefaultSdp.Replace("a=control:trackID=0", "a=control:rtsp://10.0.0.5/x", StringComparison.Ordinal)) : null,
            "session control URL on another host" => r => r.Method == "DESCRIBE"
                ? ScriptedRtspServer.Reply(r, body: ScriptedRtspServer.DefaultSdp.Replace("a=control:*", "a=control:rtsp://localhost.evil/", StringComparison.Ordinal)) : null,
            "Basic where Digest was offered" => r => r.Header("Authorization") is null
                ? ScriptedRtspServer.Reply(r, "401 Unauthorized", Digest)
                : ScriptedRtspServer.Reply(r, "401 Unauthorized", "WWW-Authenticate: Basic realm=\"cam\"\r\n"),
            "Basic over plain TCP" => r => ScriptedRtspServer.Reply(r, "401 Unauthorized", "WWW-Authenticate: Basic realm=\"cam\"\r\n"),
            "absurd Content-Length" => r => r.Method == "DESCRIBE" ? $"RTSP/1.0 200 OK\r\nCSeq: {r.CSeq}\r\nContent-Length: 99999999999\r\n\r\nv=0" : null,
            "endless header lines" => r => $"RTSP/1.0 200 OK\r\nCSeq: {r.CSeq}\r\n" + string.Concat(Enumerable.Repeat("X-Padding: aaaaaaaa\r\n", 5000)),
            "NUL bytes" => r => $"RTSP/1.0 200 OK\r\nCSeq: {r.CSeq}\r\nPublic: OPTIONS\0DESCRIBE\r\n\r\n",
            "wrong CSeq" => r => r.Method == "DESCRIBE" ? ScriptedRtspServer.Reply(r with { CSeq = r.CSeq + 5 }, body: ScriptedRtspServer.DefaultSdp) : null,
            "missing CSeq" => r => "RTSP/1.0 200 OK\r\nPublic: OPTIONS\r\n\r\n",
            "hundreds of media sections" => r => r.Method == "DESCRIBE" ? ScriptedRtspServer.Reply(r, body: manySections) : null,
            "bad base64 parameter sets" => r => r.Method == "DESCRIBE" ? ScriptedRtspServer.Reply(r, body: badBase64) : null,
            "no Session header" => r => r.Method == "SETUP" ? ScriptedRtspServer.Reply(r, headers: "Transport: RTP/AVP/TCP;interleaved=0-1\r\n") : null,
            "session id with a line break" => r => r.Method == "SETUP" ? ScriptedRtspServer.Reply(r, headers: "Session: a b\r\n") : null,
            "overlapping interleaved channels" => r => r.Method == "SETUP" ? ScriptedRtspServer.Reply(r, headers: "Session: 1\r\nTransport: RTP/AVP/TCP;interleaved=3-3\r\n") : null,
            "closes mid-response" => r => r.Method == "DESCRIBE" ? throw new IOException("hang up") : null,
            "never answers" => r => r.Method == "DESCRIBE" ? string.Empty : null,
            "not found" => r => r.Method == "DESCRIBE" ? ScriptedRtspServer.Reply(r, "404 Not Found") : null,
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };
        if (name == "never answers")
        {
            options = new RtspClientOptions { ResponseTimeout = TimeSpan.FromMilliseconds(300) };
        }

        var credentials = new RtspCredentials("admin", SecretValue.FromText("secret"));
        await using var server = new ScriptedRtspServer(script);
        Assert.Equal(expected, await RefusedAsync(server, options, credentials));
    }

    [Fact]
    public async Task StartAsync_BadParameterSetsOnVideoOnly_PlaysAudio()
    {
        var sdp = ScriptedRtspServer.DefaultSdp.Replace("aM4NiA==", "a!M4N*iA", StringComparison.Ordinal) + "m=audio 0 RTP/AVP 0\r\na=control:trackID=1\r\n";
        await using var server = new ScriptedRtspServer { Sdp = sdp, SendRtpAfterPlay = false };
        await using var session = await StartAsync(server.Url(), new RecordingRtpReceiver());
        var track = Assert.Single(session.Tracks);
        Assert.Equal(MediaCodec.Pcmu, track.Sdp.Codec);
        Assert.Equal(0, track.Index);
    }

    [Fact]
    public async Task StartAsync_HostileCamera_HealthyCameraUnaffected()
    {
        await using var hostile = new ScriptedRtspServer(r => $"RTSP/1.0 200 OK\r\nCSeq: {r.CSeq}\r\nContent-Length: 99999999999\r\n\r\n");
        await using var healthy = new ScriptedRtspServer();
        var receiver = new RecordingRtpReceiver();
        await using var session = await StartAsync(healthy.Url(), receiver);
        await Assert.ThrowsAsync<CameraSourceException>(() => StartAsync(hostile.Url(), new RecordingRtpReceiver()));
        var before = receiver.RtpPackets;
        while (receiver.RtpPackets == before)
        {
            await Task.Delay(10, Bound());
        }

        Assert.False(session.Completion.IsCompleted);
    }

    [Fact]
    public async Task StartAsync_DigestCamera_AnswersWithDigestAndPlays()
    {
        await using var server = new ScriptedRtspServer(r => r.Header("Authorization") is null
            ? ScriptedRtspServer.Reply(r, "401 Unauthorized",
                "WWW-Authenticate: Basic realm=\"cam\"\r\nWWW-Authenticate: Digest realm=\"cam\", nonce=\"n1\", algorithm=SHA-256, qop=\"auth\"\r\n")
            : null);
        await using var session = await StartAsync(server.Url(), new RecordingRtpReceiver(), credentials: new RtspCredentials("admin", SecretValue.FromText("secret")));
        var authorized = server.Requests.Where(r => r.Header("Authorization") is not null).ToArray();
        Assert.NotEmpty(authorized);
        Assert.All(authorized, r => Assert.StartsWith("Digest ", r.Header("Authorization"), StringComparison.Ordinal));
        Assert.All(authorized, r => Assert.Contains("algorithm=SHA-256", r.Header("Authorization"), StringComparison.Ordinal));
    }
}
