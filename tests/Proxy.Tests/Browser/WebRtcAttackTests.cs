using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using SecureStream.Media.Tests.WebRtc.Ice;
using SecureStream.Media.Tests.WebRtc.Sdp;
using SecureStream.Media.Tests.WebRtc.Sessions;
using SecureStream.Media.WebRtc.Ice;
using SecureStream.Proxy.Tests.Browser.Infrastructure;
using SecureStream.Proxy.Tests.Functional.Infrastructure;
using SecureStream.ViewerClient;

namespace SecureStream.Proxy.Tests.Browser;

/// <summary>
/// docs/security.md's WebRTC attacks against a gateway while Chromium plays a demo camera through it:
/// each fails — dropped and counted on the ICE port, or refused in signalling, or its own session
/// ends — and the playing tab keeps decoding frames on the same session. The attacker sends from
/// its own sockets on loopback and knows what an on-path observer of the playing session's
/// signalling would (its ICE credentials and the gateway's certificate fingerprint), so every
/// check the gateway makes is exercised, not only the first one.
/// </summary>
[Collection(ChromiumTests.Name)]
public sealed class WebRtcAttackTests(ChromiumFixture chromium, PlayingDemoCamera playing) : IClassFixture<PlayingDemoCamera>, IAsyncLifetime
{
    /// <summary>Short, so that an ICE-TCP connection that never verifies is seen closed in a test (the default is 10 s).</summary>
    private static readonly Dictionary<string, string?> Settings = new() { ["WebRtc:Ice:TcpVerificationTimeout"] = "00:00:02" };

    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private IceUdpEndpoint Ice => playing.Ice;

    public Task InitializeAsync() => playing.StartAsync(chromium, Settings);

    public Task DisposeAsync() => Task.CompletedTask;

    public static TheoryData<string, string> UdpAttacks => new()
    {
        { "unknown ufrag", nameof(IceDropReason.UnknownUfrag) },
        { "right ufrag, wrong remote ufrag", nameof(IceDropReason.UfragMismatch) },
        { "right ufrags, MESSAGE-INTEGRITY with a guessed password", nameof(IceDropReason.BadIntegrity) },
        { "right ufrags, no MESSAGE-INTEGRITY", nameof(IceDropReason.MissingIntegrity) },
        { "right ufrags and password, FINGERPRINT bit-flipped", nameof(IceDropReason.BadFingerprint) },
        { "right ufrags and password, no FINGERPRINT", nameof(IceDropReason.MissingFingerprint) },
        { "attribute length past the packet", nameof(IceDropReason.MalformedStun) },
        { "header length past the packet", nameof(IceDropReason.MalformedStun) },
        { "header length short of the packet", nameof(IceDropReason.MalformedStun) },
        { "truncated in the middle of an attribute", nameof(IceDropReason.MalformedStun) },
        { "garbage after a STUN first byte", nameof(IceDropReason.MalformedStun) },
        { "garbage", nameof(IceDropReason.UnknownPacketType) },
        { "SRTP from an address that never passed ICE", nameof(IceDropReason.UnverifiedAddress) },
    };

    [Theory]
    [MemberData(nameof(UdpAttacks))]
    public async Task Udp_Attack_DroppedCountedUnansweredPlayingSessionUntouched(string attack, string expected)
    {
        var reason = Enum.Parse<IceDropReason>(expected);
        var before = await playing.BaselineAsync();
        var drops = Ice.Drops[reason];
        using var attacker = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));

        await attacker.SendAsync(UdpAttack(attack), Ice.UdpLocalEndPoint);

        Assert.True(await GatewayUnderTest.EventuallyAsync(() => Ice.Drops[reason] > drops), $"{attack}: not counted as {reason}");
        await playing.AssertStillPlayingAsync(before);
        Assert.Equal(drops + 1, Ice.Drops[reason]);
        // A second's worth of frames later: nothing came back to the attacker.
        Assert.Equal(0, attacker.Available);
    }

    [Fact]
    public async Task Udp_DtlsClientHelloFromAddressThatNeverPassedIce_DroppedPlayingSessionUntouched()
    {
        var before = await playing.BaselineAsync();
        var drops = Ice.Drops[IceDropReason.UnverifiedAddress];
        var attacker = new ViewerTransport(Ice.UdpLocalEndPoint, ChromiumOffers.Ufrag);

        // A real DTLS client (BouncyCastle) starting a handshake, pinned to the gateway's real certificate.
        var handshake = attacker.HandshakeAsync(playing.Answer.Fingerprint!);

        Assert.True(await GatewayUnderTest.EventuallyAsync(() => Ice.Drops[IceDropReason.UnverifiedAddress] > drops), "ClientHello not counted as UnverifiedAddress");
        await playing.AssertStillPlayingAsync(before);
        Assert.False(handshake.IsCompleted, "the gateway answered a ClientHello from an unverified address");
        await attacker.DisposeAsync();
        await Record.ExceptionAsync(() => handshake.WaitAsync(Bound));
    }

    public static TheoryData<string, string, bool> TcpAttacks => new()
    {
        // Frames the port reads and drops one by one, then a zero-length frame (RFC 4571 has none): closed.
        { "framed garbage, then a zero-length frame", nameof(IceDropReason.BadFrame), true },
        // Read as a frame of 18245 bytes ("GE"), longer than any check: closed before it is buffered.
        { "an HTTP request instead of frames", nameof(IceDropReason.UnverifiedFrameTooLarge), false },
        // Frames of random lengths and bytes: never a verified check, so closed one way or the other.
        { "64 KB of random bytes", nameof(IceDropReason.None), false },
    };

    [Theory]
    [MemberData(nameof(TcpAttacks))]
    public async Task Tcp_GarbageStream_ConnectionClosedNothingAnsweredPlayingSessionUntouched(string attack, string expected, bool framedDropsCounted)
    {
        var reason = Enum.Parse<IceDropReason>(expected);
        var before = await playing.BaselineAsync();
        var drops = reason == IceDropReason.None ? 0 : Ice.Drops[reason];
        var unknown = Ice.Drops[IceDropReason.UnknownPacketType];
        var malformed = Ice.Drops[IceDropReason.MalformedStun];
        var unverified = Ice.Drops[IceDropReason.UnverifiedAddress];
        using var attacker = new TcpClient(AddressFamily.InterNetwork);
        await attacker.ConnectAsync(Ice.TcpLocalEndPoint!);
        var stream = attacker.GetStream();

        await stream.WriteAsync(TcpAttack(attack));

        Assert.Equal(0, await ReadUntilClosedAsync(stream));
        if (reason != IceDropReason.None)
        {
            Assert.True(await GatewayUnderTest.EventuallyAsync(() => Ice.Drops[reason] > drops), $"{attack}: not counted as {reason}");
        }

        if (framedDropsCounted)
        {
            Assert.Equal(unknown + 2, Ice.Drops[IceDropReason.UnknownPacketType]);
            Assert.Equal(malformed + 1, Ice.Drops[IceDropReason.MalformedStun]);
            Assert.Equal(unverified + 1, Ice.Drops[IceDropReason.UnverifiedAddress]);
        }

        await playing.AssertStillPlayingAsync(before);
    }

    [Fact]
    public async Task Whep_OfferFingerprintNotTheClientsCertificate_HandshakeRefusedSessionEndsConnectFailed()
    {
        var before = await playing.BaselineAsync();
        var known = playing.Gateway.Sessions.All.Select(s => s.Id).ToHashSet();
        await using var attacker = new ViewerTransport(Ice.UdpLocalEndPoint, ChromiumOffers.Ufrag);
        using var guard = new CancellationTokenSource(Bound);

        // A real Chromium offer (its own fingerprint) for the same camera, through the front door
        // with a valid link; the client then presents another certificate (the attacker's own).
        using var response = await GateProbe.OfferAsync(playing.Gateway, Link(), ChromiumOffers.Offer);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var answer = GatewayAnswer.Read(await response.Content.ReadAsStringAsync());
        var session = Assert.Single(playing.Gateway.Sessions.All, s => !known.Contains(s.Id)).Id;

        // ICE passes: the attacker has its own session's credentials. DTLS must not.
        Assert.True(StunMessage.TryRead(await attacker.CheckAsync(answer.Ufrag, answer.Password, guard.Token), out var check, out _));
        Assert.Equal(StunClass.SuccessResponse, check.Class);
        var handshake = attacker.HandshakeAsync(answer.Fingerprint!);

        var end = await ExactlyOnce.SingleAsync(
            () => playing.SessionEnds().Where(record => IsEndOf(record, session)), "session.end record of the attacker's session", (int)Bound.TotalMilliseconds);
        Assert.Equal("connect_failed", end.GetProperty("end_reason").GetString());
        var refused = await Record.ExceptionAsync(() => handshake.WaitAsync(guard.Token));
        Assert.NotNull(refused);
        Assert.IsNotAssignableFrom<OperationCanceledException>(refused);
        await playing.AssertStillPlayingAsync(before, newSessionEnds: 1);
    }

    public static TheoryData<string, int, bool, string> OversizedOffers => new()
    {
        // The front door sees Content-Length and refuses before any credential check or forwarding.
        { "64 KB + 1 byte with Content-Length", (64 * 1024) + 1, false, "body_too_large" },
        // No length up front (chunked): held to the same limit as it streams through the front door.
        { "64 KB + 1 byte chunked", (64 * 1024) + 1, true, "body_too_large" },
        { "1 MB chunked", 1024 * 1024, true, "body_too_large" },
    };

    [Theory]
    [MemberData(nameof(OversizedOffers))]
    public async Task Whep_OversizedOffer_413NoSessionPlayingSessionUntouched(string name, int size, bool chunked, string expectedReason)
    {
        Assert.NotEmpty(name);
        var before = await playing.BaselineAsync();

        using var response = await GateProbe.OfferAsync(playing.Gateway, Link(), Padded(ChromiumOffers.Offer, size), chunked: chunked);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(expectedReason, problem.RootElement.GetProperty("reason").GetString());
        if (chunked)
        {
            // Admitted on its headers, then cut off mid-body: the front door ends that session as
            // it ends every admitted offer that did not come back 201.
            Assert.True(await GatewayUnderTest.EventuallyAsync(() => playing.SessionEnds().Count > before.SessionEnds));
            Assert.Equal("origin_refused", playing.SessionEnds()[^1].GetProperty("end_reason").GetString());
        }

        await playing.AssertStillPlayingAsync(before, newSessionEnds: chunked ? 1 : 0);
    }

    private byte[] UdpAttack(string attack)
    {
        var answer = playing.Answer;
        var gateway = new IceCredentials(answer.Ufrag, answer.Password);
        var username = $"{answer.Ufrag}:{playing.BrowserUfrag}";
        byte[] Signed() => IceTestRequests.Binding(gateway, username: username);
        return attack switch
        {
            "unknown ufrag" => IceTestRequests.Binding(gateway, username: $"nobody:{playing.BrowserUfrag}"),
            "right ufrag, wrong remote ufrag" => IceTestRequests.Binding(gateway, username: $"{answer.Ufrag}:evil"),
            "right ufrags, MESSAGE-INTEGRITY with a guessed password" => IceTestRequests.Binding(gateway, username: username, password: IceTestRequests.RemotePassword),
            "right ufrags, no MESSAGE-INTEGRITY" => IceTestRequests.Binding(gateway, username: username, integrity: false),
            "right ufrags and password, FINGERPRINT bit-flipped" => IceTestRequests.WithFlippedLastByte(Signed()),
            "right ufrags and password, no FINGERPRINT" => IceTestRequests.Binding(gateway, username: username, fingerprint: false),
            "attribute length past the packet" => IceTestRequests.WithFirstAttributeLength(Signed(), 0x0400),
            "header length past the packet" => WithHeaderLengthChangedBy(Signed(), +8),
            "header length short of the packet" => WithHeaderLengthChangedBy(Signed(), -8),
            "truncated in the middle of an attribute" => Signed()[..30],
            "garbage after a STUN first byte" => [0x00, .. RandomBytes(1, 99)],
            "garbage" => [0xFF, .. RandomBytes(2, 199)],
            "SRTP from an address that never passed ICE" => [0x80, 0x60, 0x12, 0x34, .. RandomBytes(3, 160)],
            _ => throw new ArgumentOutOfRangeException(nameof(attack)),
        };
    }

    private byte[] TcpAttack(string attack) => attack switch
    {
        "framed garbage, then a zero-length frame" =>
        [
            .. IceTestRequests.Framed([0xFF, .. RandomBytes(4, 100)]),
            .. IceTestRequests.Framed([0x00, .. RandomBytes(5, 60)]),
            .. IceTestRequests.Framed(IceTestRequests.DtlsClientHello),
            .. IceTestRequests.Framed([0x41, .. RandomBytes(6, 1000)]),
            0, 0,
        ],
        "an HTTP request instead of frames" => Encoding.ASCII.GetBytes($"GET / HTTP/1.1\r\nHost: 127.0.0.1:{Ice.Port}\r\n\r\n"),
        "64 KB of random bytes" => RandomBytes(7, 64 * 1024),
        _ => throw new ArgumentOutOfRangeException(nameof(attack)),
    };

    private string Link() => playing.Gateway.SignedLink(PlayingDemoCamera.Camera, suffix: "/whep");

    /// <summary>An offer grown to <paramref name="size"/> bytes with attribute lines a parser would skip.</summary>
    private static string Padded(string offer, int size)
    {
        var padded = new StringBuilder(offer, size);
        while (padded.Length < size)
        {
            var line = "a=x-pad:" + new string('x', Math.Clamp(size - padded.Length - 10, 0, 1000)) + "\r\n";
            padded.Append(line.Length <= size - padded.Length ? line : new string('x', size - padded.Length));
        }

        return padded.ToString();
    }

    private static byte[] WithHeaderLengthChangedBy(byte[] request, int change)
    {
        BinaryPrimitives.WriteUInt16BigEndian(request.AsSpan(2), (ushort)(BinaryPrimitives.ReadUInt16BigEndian(request.AsSpan(2)) + change));
        return request;
    }

    /// <summary>Reproducible noise: the same bytes in every run for a given seed.</summary>
    private static byte[] RandomBytes(int seed, int length)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>Reads until the gateway closes the connection (bounded); returns how many bytes it sent first.</summary>
    private static async Task<int> ReadUntilClosedAsync(NetworkStream stream)
    {
        using var timeout = new CancellationTokenSource(Bound);
        var buffer = new byte[4096];
        var total = 0;
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, timeout.Token)) > 0)
            {
                total += read;
            }
        }
        catch (IOException)
        {
            // Reset instead of FIN: closed all the same.
        }

        return total;
    }

    private static bool IsEndOf(JsonElement record, string session) => record.GetProperty("session_id").GetString() == session;
}
