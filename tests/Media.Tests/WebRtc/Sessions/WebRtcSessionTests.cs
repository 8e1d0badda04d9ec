using System.Buffers.Binary;
using SecureStream.Media.Frames;
using SecureStream.Media.Streams;
using SecureStream.Media.Tests.Rtp;
using SecureStream.Media.Tests.WebRtc.Rtp;
using SecureStream.Media.Tests.WebRtc.Sdp;
using SecureStream.Media.WebRtc.Dtls;
using SecureStream.Media.WebRtc.Ice;
using SecureStream.Media.WebRtc.Sdp;
using SecureStream.Media.WebRtc.Sessions;
using SecureStream.Media.WebRtc.Srtp;
using SecureStream.Policy.Sessions;
using SecureStream.ViewerClient;

namespace SecureStream.Media.Tests.WebRtc.Sessions;

/// <summary>
/// The whole session against a browser made of the project's own parts on loopback: offer →
/// answer, STUN check → ICE verified, DTLS handshake → SRTP keys, camera frames → SRTP → H.264.
/// </summary>
public sealed class WebRtcSessionTests : IAsyncLifetime
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(20);

    private readonly SessionFixture _fixture = new();
    private ViewerTransport _browser = null!;

    public Task InitializeAsync()
    {
        _browser = new ViewerTransport(_fixture.Endpoint.UdpLocalEndPoint, ChromiumOffers.Ufrag);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        await _fixture.DisposeAsync();
    }

    [Fact]
    public async Task Create_ChromiumOffer_AnswerCarriesSessionIceFingerprintAndCandidate()
    {
        await using var session = await _fixture.CreateAsync(ChromiumOffers.For(_browser.Certificate));

        var answer = GatewayAnswer.Read(session.Answer);
        Assert.Equal(IceCredentials.GeneratedUfragLength, answer.Ufrag.Length);
        Assert.Equal(IceCredentials.GeneratedPasswordLength, answer.Password.Length);
        Assert.Contains("a=ice-lite", session.Answer, StringComparison.Ordinal);
        Assert.Contains("a=setup:passive", session.Answer, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1 {_fixture.Endpoint.Port} typ host", session.Answer, StringComparison.Ordinal);
        Assert.NotNull(answer.Fingerprint);
        Assert.True(answer.VideoPayloadType > 0);
        Assert.Equal(1, _fixture.Endpoint.SessionCount);
        Assert.False(session.IsConnected);
    }

    [Fact]
    public async Task Create_MalformedOffer_RefusedAndSubscriptionLeftToCaller()
    {
        await using var subscription = await _fixture.SubscribeAsync();

        var result = _fixture.Sessions.Create("s-bad", "v=0\r\nnot sdp", subscription, DateTimeOffset.UtcNow.AddHours(1));

        Assert.False(result.IsCreated);
        Assert.Equal(BrowserSdpFailure.Malformed, result.Reason);
        Assert.Equal(0, _fixture.Endpoint.SessionCount);
        Assert.False(subscription.Ended.IsCompleted);
    }

    [Fact]
    public async Task Create_DeadlinePassed_EndsWithDeadlineAndUnregisters()
    {
        await using var session = await _fixture.CreateAsync(ChromiumOffers.For(_browser.Certificate), DateTimeOffset.UtcNow.AddSeconds(-1));

        Assert.Equal(SessionEndReason.Deadline, await session.Ended.WaitAsync(Guard));
        Assert.Equal(0, _fixture.Endpoint.SessionCount);
    }

    [Fact]
    public async Task DisposeAsync_BeforeConnecting_EndsOnceAsRefusedByTheOrigin()
    {
        var session = await _fixture.CreateAsync(ChromiumOffers.For(_browser.Certificate));

        await session.DisposeAsync();
        await session.DisposeAsync();

        Assert.Equal(SessionEndReason.OriginRefused, await session.Ended.WaitAsync(Guard));
        Assert.Equal(0, _fixture.Endpoint.SessionCount);
    }

    [Fact]
    public async Task CameraClosed_EndsWithCameraEnded()
    {
        await using var session = await _fixture.CreateAsync(ChromiumOffers.For(_browser.Certificate));

        Assert.True(await _fixture.Hub.CloseCameraAsync(SessionFixture.Camera));

        Assert.Equal(SessionEndReason.CameraGone, await session.Ended.WaitAsync(Guard));
    }

    [Fact]
    public async Task Browser_StunThenDtls_ReceivesDecodableH264StartingAtKeyframe()
    {
        using var guard = new CancellationTokenSource(Guard);
        await using var session = await _fixture.CreateAsync(ChromiumOffers.For(_browser.Certificate));
        var answer = GatewayAnswer.Read(session.Answer);

        // ICE: a check signed with the answer's password gets a success response.
        var response = await _browser.CheckAsync(answer.Ufrag, answer.Password, guard.Token);
        Assert.True(StunMessage.TryRead(response, out var stun, out _));
        Assert.Equal(StunClass.SuccessResponse, stun.Class);

        // DTLS: the gateway presents the certificate of the answer's fingerprint and exports keys.
        var client = await _browser.HandshakeAsync(answer.Fingerprint!).WaitAsync(guard.Token);
        Assert.True(client.ServerFingerprintMatched);
        using var srtp = client.CreateSrtpContext();

        // Media: camera frames through the hub, the shared packetizer and the viewer's writer.
        var emitting = _fixture.EmitAsync(guard.Token);
        var receiver = OutboundTestData.Receiver(TimeProvider.System, payloadType: (byte)answer.VideoPayloadType);
        var frames = new List<MediaFrame>();
        var plain = new byte[2048];
        byte[]? first = null;
        while (!frames.Any(f => f.IsKeyframe) || frames.Count < 5)
        {
            var packet = await _browser.Media.ReadAsync(guard.Token);
            if (IsRtcp(packet))
            {
                continue; // sender reports
            }

            first ??= packet;
            Assert.Equal(SrtpResult.Ok, srtp.UnprotectRtp(packet, plain, out var written));
            Assert.Null(receiver.Receive(plain.AsSpan(0, written), frames));
        }

        Assert.True(session.IsConnected);
        Assert.True(frames[0].IsKeyframe);
        Assert.Contains(frames[0].Units, u => (u.Span[0] & 0x1F) == 5);
        Assert.Contains(frames[0].Units, u => (u.Span[0] & 0x1F) == 7);
        Assert.Equal(2, _fixture.Packetizers.CountOf(new PullKey(SessionFixture.Camera, string.Empty))); // video and audio, shared per camera track

        // SRTCP from the browser reaches the feedback handler: a NACK for the first packet brings
        // back the same SRTP packet (same sequence number and bytes, RFC 4585 §6.2.1).
        var ssrc = BinaryPrimitives.ReadUInt32BigEndian(first!.AsSpan(8));
        var sequence = BinaryPrimitives.ReadUInt16BigEndian(first.AsSpan(2));
        var nack = RtcpFeedbackTests.Nack(ssrc, sequence, 0);
        var protectedNack = new byte[nack.Length + srtp.RtcpOverhead];
        Assert.Equal(SrtpResult.Ok, srtp.ProtectRtcp(nack, protectedNack, out var nackLength));
        await _browser.SendAsync(protectedNack[..nackLength], guard.Token);
        byte[] again;
        do
        {
            again = await _browser.Media.ReadAsync(guard.Token);
        }
        while (IsRtcp(again) || BinaryPrimitives.ReadUInt16BigEndian(again.AsSpan(2)) != sequence);

        Assert.Equal(first, again);

        // Once the backlog is paced out, live frames leave on the session's pump, as one batch each.
        while (session.FramesSentInline == 0)
        {
            await Task.Delay(10, guard.Token);
        }

        await guard.CancelAsync();
        await IgnoreCancellationAsync(emitting);

        await session.DisposeAsync();
        Assert.Equal(SessionEndReason.OriginRefused, await session.Ended);
        Assert.True(session.PacketsSent > 0);
    }

    [Fact]
    public async Task Browser_ClosesDtls_EndsWithDtlsClosedAndUnregisters()
    {
        using var guard = new CancellationTokenSource(Guard);
        await using var session = await _fixture.CreateAsync(ChromiumOffers.For(_browser.Certificate));
        var answer = GatewayAnswer.Read(session.Answer);
        await _browser.CheckAsync(answer.Ufrag, answer.Password, guard.Token);
        await _browser.HandshakeAsync(answer.Fingerprint!).WaitAsync(guard.Token);

        _browser.Dtls!.Close();

        Assert.Equal(SessionEndReason.HangUp, await session.Ended.WaitAsync(guard.Token));
        Assert.False(session.IsConnected);
        Assert.Equal(0, _fixture.Endpoint.SessionCount);
    }

    [Fact]
    public async Task Browser_CertificateNotInOffer_EndsWithDtlsFailed()
    {
        using var guard = new CancellationTokenSource(Guard);

        // The offer carries a fingerprint that is not the browser's certificate's.
        await using var session = await _fixture.CreateAsync(ChromiumOffers.Offer);
        var answer = GatewayAnswer.Read(session.Answer);
        await _browser.CheckAsync(answer.Ufrag, answer.Password, guard.Token);
        var handshake = _browser.HandshakeAsync(answer.Fingerprint!);

        Assert.Equal(SessionEndReason.ConnectFailed, await session.Ended.WaitAsync(guard.Token));
        await Assert.ThrowsAnyAsync<Exception>(() => handshake.WaitAsync(guard.Token));
        Assert.False(session.IsConnected);
    }

    [Fact]
    public async Task Browser_UnsignedCheck_NoResponseAndNoDtls()
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        await using var session = await _fixture.CreateAsync(ChromiumOffers.For(_browser.Certificate));
        var answer = GatewayAnswer.Read(session.Answer);

        // Signed with the browser's own password instead of the answer's: the agent drops it.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => _browser.CheckAsync(answer.Ufrag, "browserpasswordbrowserpassword", guard.Token));
        Assert.False(session.IsConnected);
        Assert.False(session.Ended.IsCompleted);
    }

    [Fact]
    public async Task TwoBrowsers_SameCamera_EachGetsTheSharedPacketsUnderItsOwnSsrcAndKeys()
    {
        using var guard = new CancellationTokenSource(Guard);
        await using var second = new ViewerTransport(_fixture.Endpoint.UdpLocalEndPoint, ChromiumOffers.Ufrag);
        await using var sessionA = await _fixture.CreateAsync(ChromiumOffers.For(_browser.Certificate));
        var subscriptionB = await _fixture.SubscribeAsync();
        var created = _fixture.Sessions.Create("s-b", ChromiumOffers.For(second.Certificate), subscriptionB, DateTimeOffset.UtcNow.AddHours(1));
        Assert.True(created.IsCreated, created.Reason);
        await using var sessionB = created.Session;
        using var srtpA = await ConnectAsync(_browser, sessionA, guard.Token);
        using var srtpB = await ConnectAsync(second, sessionB, guard.Token);

        var emitting = _fixture.EmitAsync(guard.Token);
        var a = await FirstRtpAsync(_browser, guard.Token);
        var b = await FirstRtpAsync(second, guard.Token);
        var plain = new byte[2048];

        Assert.Equal(SrtpResult.Ok, srtpA.UnprotectRtp(a, plain, out _));
        Assert.Equal(SrtpResult.Ok, srtpB.UnprotectRtp(b, plain, out _));
        Assert.NotEqual(SrtpResult.Ok, srtpB.UnprotectRtp(a, plain, out _));
        Assert.NotEqual(BinaryPrimitives.ReadUInt32BigEndian(a.AsSpan(8)), BinaryPrimitives.ReadUInt32BigEndian(b.AsSpan(8)));
        Assert.Equal(2, _fixture.Packetizers.CountOf(new PullKey(SessionFixture.Camera, string.Empty)));
        Assert.Equal(2, _fixture.Endpoint.SessionCount);
        await guard.CancelAsync();
        await IgnoreCancellationAsync(emitting);
    }

    private static async Task<SrtpContext> ConnectAsync(ViewerTransport browser, WebRtcSession session, CancellationToken cancellationToken)
    {
        var answer = GatewayAnswer.Read(session.Answer);
        await browser.CheckAsync(answer.Ufrag, answer.Password, cancellationToken);
        var client = await browser.HandshakeAsync(answer.Fingerprint!).WaitAsync(cancellationToken);
        return client.CreateSrtpContext();
    }

    private static async Task<byte[]> FirstRtpAsync(ViewerTransport browser, CancellationToken cancellationToken)
    {
        while (true)
        {
            var packet = await browser.Media.ReadAsync(cancellationToken);
            if (!IsRtcp(packet))
            {
                return packet;
            }
        }
    }

    // RFC 5761 §4: RTCP packet types 192–223 in the payload type bits.
    private static bool IsRtcp(byte[] packet) => (packet[1] & 0x7F) is >= 64 and <= 95;

    private static async Task IgnoreCancellationAsync(Task task)
    {
        try
        {
            await task;
        }
        catch (OperationCanceledException)
        {
        }
    }
}
