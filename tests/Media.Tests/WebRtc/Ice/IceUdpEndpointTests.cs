using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SecureStream.Media.WebRtc.Ice;

namespace SecureStream.Media.Tests.WebRtc.Ice;

public sealed class IceUdpEndpointTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z"));
    private readonly IceCredentials _local = IceCredentials.Generate();
    private readonly RecordingTransportHandler _handler = new();
    private IceUdpEndpoint _endpoint = null!;
    private IceLiteAgent _agent = null!;
    private IceSession _session = null!;

    public Task InitializeAsync()
    {
        _endpoint = NewEndpoint(new IceEndpointOptions { BindAddress = "127.0.0.1", Port = 0 });
        _endpoint.Start();
        _agent = new IceLiteAgent(_local, _time);
        Assert.True(_agent.TrySetRemoteUfrag(IceTestRequests.RemoteUfrag));
        _session = _endpoint.Register(_agent, _handler);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _session.Dispose();
        _agent.Dispose();
        await _endpoint.DisposeAsync();
    }

    [Fact]
    public void Start_PortZero_TcpOnSamePortNumber()
    {
        Assert.NotEqual(0, _endpoint.Port);
        Assert.Equal(_endpoint.Port, _endpoint.TcpLocalEndPoint?.Port);
    }

    [Fact]
    public async Task Udp_ValidRequest_SuccessWithClientAddress()
    {
        using var client = NewClient();
        var request = IceTestRequests.Binding(_local);

        await client.SendAsync(request, _endpoint.UdpLocalEndPoint);
        var response = await ReceiveAsync(client);

        Assert.True(StunMessage.TryRead(response, out var message, out _));
        Assert.Equal(StunClass.SuccessResponse, message.Class);
        Assert.Equal(request.AsSpan(8, 12).ToArray(), message.TransactionId.ToArray());
        Assert.True(message.VerifyFingerprint());
        Assert.True(message.VerifyMessageIntegrity(Encoding.ASCII.GetBytes(_local.Password)));
        Assert.True(message.TryGetXorMappedAddress(out var mapped));
        Assert.Equal(client.Client.LocalEndPoint, mapped);
        Assert.True(_agent.IsVerified((IPEndPoint)client.Client.LocalEndPoint!));
        Assert.Equal(0, _endpoint.Drops.Total);
    }

    public static TheoryData<string, string> Attacks => new()
    {
        { "unknown ufrag", nameof(IceDropReason.UnknownUfrag) },
        { "wrong remote ufrag", nameof(IceDropReason.UfragMismatch) },
        { "bad integrity", nameof(IceDropReason.BadIntegrity) },
        { "bad fingerprint", nameof(IceDropReason.BadFingerprint) },
        { "attribute length past the packet", nameof(IceDropReason.MalformedStun) },
        { "truncated header", nameof(IceDropReason.MalformedStun) },
        { "DTLS ClientHello from an unverified address", nameof(IceDropReason.UnverifiedAddress) },
        { "RTP from an unverified address", nameof(IceDropReason.UnverifiedAddress) },
        { "unknown first byte", nameof(IceDropReason.UnknownPacketType) },
    };

    [Theory]
    [MemberData(nameof(Attacks))]
    public async Task Udp_Attack_DroppedCountedNoResponseNoStateChange(string attack, string expected)
    {
        using var attacker = NewClient();
        var reason = Enum.Parse<IceDropReason>(expected);

        await attacker.SendAsync(Attack(attack), _endpoint.UdpLocalEndPoint);
        await IceTestSockets.WaitForAsync(() => _endpoint.Drops[reason] == 1);

        // A valid check from another socket is answered, so the receive loop is past the attack.
        using var browser = NewClient();
        await browser.SendAsync(IceTestRequests.Binding(_local), _endpoint.UdpLocalEndPoint);
        await ReceiveAsync(browser);

        Assert.Equal(0, attacker.Available);
        Assert.Equal(1, _endpoint.Drops.Total);
        Assert.False(_agent.IsVerified((IPEndPoint)attacker.Client.LocalEndPoint!));
        Assert.Equal(browser.Client.LocalEndPoint, _agent.SelectedAddress?.EndPoint);
        Assert.Empty(_handler.Packets);
    }

    [Fact]
    public async Task Udp_DtlsFromVerifiedAddress_ReachesSessionAndSendAsyncReturns()
    {
        using var browser = NewClient();
        await browser.SendAsync(IceTestRequests.Binding(_local), _endpoint.UdpLocalEndPoint);
        await ReceiveAsync(browser);

        await browser.SendAsync(IceTestRequests.DtlsClientHello, _endpoint.UdpLocalEndPoint);
        var (packet, source) = await _handler.NextPacketAsync();
        Assert.Equal(IceTestRequests.DtlsClientHello, packet);
        Assert.Equal(new IceTransportAddress(IceProtocol.Udp, (IPEndPoint)browser.Client.LocalEndPoint!), source);

        Assert.True(await _session.SendAsync(new byte[] { 22, 0xFE, 0xFD, 9 }));
        Assert.Equal(new byte[] { 22, 0xFE, 0xFD, 9 }, await ReceiveAsync(browser));
    }

    [Theory]
    [InlineData("auto")]
    [InlineData("off")]
    public async Task Udp_SingleSends_GoThroughTheBatchSocketAndThePortKeepsReceiving(string sendBatching)
    {
        // Every send, single packets too, goes through the batch socket (on Linux a non-blocking
        // sendmmsg that leaves the socket synchronous; with "off" an awaited SendTo per datagram,
        // which makes it asynchronous): either way packets still arrive, in order, and the port
        // goes on receiving on its receive thread.
        await using var endpoint = NewEndpoint(new IceEndpointOptions { BindAddress = "127.0.0.1", Port = 0, SendBatching = sendBatching });
        endpoint.Start();
        var handler = new RecordingTransportHandler();
        using var agent = new IceLiteAgent(_local, _time);
        Assert.True(agent.TrySetRemoteUfrag(IceTestRequests.RemoteUfrag));
        using var session = endpoint.Register(agent, handler);
        using var browser = NewClient();
        await browser.SendAsync(IceTestRequests.Binding(_local), endpoint.UdpLocalEndPoint);
        await ReceiveAsync(browser);

        for (byte i = 1; i <= 3; i++)
        {
            Assert.True(await session.SendAsync(new byte[] { 22, 0xFE, 0xFD, i }));
            await browser.SendAsync(IceTestRequests.DtlsClientHello, endpoint.UdpLocalEndPoint);
            Assert.Equal(IceTestRequests.DtlsClientHello, (await handler.NextPacketAsync()).Packet);
        }

        for (byte i = 1; i <= 3; i++)
        {
            Assert.Equal(new byte[] { 22, 0xFE, 0xFD, i }, await ReceiveAsync(browser));
        }

        Assert.NotNull(endpoint.Batches);
        Assert.Equal(3, endpoint.Batches.Batches);
        Assert.All(handler.Threads, name => Assert.Equal("ICE UDP receive", name));
    }

    [Fact]
    public async Task DisposeAsync_ReceiveThreadBlockedInARead_Completes()
    {
        var endpoint = NewEndpoint(new IceEndpointOptions { BindAddress = "127.0.0.1", Port = 0 });
        endpoint.Start();
        using var browser = NewClient();
        await browser.SendAsync(IceTestRequests.Binding(_local), endpoint.UdpLocalEndPoint);

        // Nothing more arrives: the receive thread is blocked in its read until the port closes.
        await endpoint.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.False(endpoint.IsBound);
    }

    [Fact]
    public async Task Udp_SendBatchAsync_EachDatagramArrivesInOrder()
    {
        using var browser = NewClient();
        await browser.SendAsync(IceTestRequests.Binding(_local, useCandidate: true), _endpoint.UdpLocalEndPoint);
        await ReceiveAsync(browser);
        byte[][] datagrams = [[0x80, 1, 2], [0x80, 3, 4], [0x80, 5]];

        Assert.True(await _session.SendBatchAsync(new Media.WebRtc.Batching.DatagramBatch(datagrams.SelectMany(d => d).ToArray(), new[] { 3, 3, 2 })));

        foreach (var datagram in datagrams)
        {
            Assert.Equal(datagram, await ReceiveAsync(browser));
        }

        Assert.NotNull(_endpoint.Batches);
        Assert.Equal(3, _endpoint.Batches.DatagramsBatched + _endpoint.Batches.DatagramsSentSingly);
    }

    [Fact]
    public async Task SendAsync_NothingSelected_False()
    {
        Assert.False(await _session.SendAsync(new byte[] { 22 }));
    }

    [Fact]
    public async Task Udp_ConsentLost_SessionToldAndAddressNoLongerRouted()
    {
        using var browser = NewClient();
        await browser.SendAsync(IceTestRequests.Binding(_local), _endpoint.UdpLocalEndPoint);
        await ReceiveAsync(browser);

        _time.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal([IceConsentLossReason.ConsentExpired], _handler.ConsentLosses);
        await browser.SendAsync(IceTestRequests.DtlsClientHello, _endpoint.UdpLocalEndPoint);
        await IceTestSockets.WaitForAsync(() => _endpoint.Drops[IceDropReason.UnverifiedAddress] == 1);
        Assert.Empty(_handler.Packets);
        Assert.False(await _session.SendAsync(new byte[] { 22 }));
    }

    [Fact]
    public async Task Udp_TwoSessions_RoutedByUfrag()
    {
        var otherCredentials = IceCredentials.Generate();
        using var otherAgent = new IceLiteAgent(otherCredentials, _time);
        otherAgent.TrySetRemoteUfrag(IceTestRequests.RemoteUfrag);
        var otherHandler = new RecordingTransportHandler();
        using var other = _endpoint.Register(otherAgent, otherHandler);
        using var first = NewClient();
        using var second = NewClient();

        await first.SendAsync(IceTestRequests.Binding(_local), _endpoint.UdpLocalEndPoint);
        await second.SendAsync(IceTestRequests.Binding(otherCredentials), _endpoint.UdpLocalEndPoint);
        await ReceiveAsync(first);
        await ReceiveAsync(second);
        await second.SendAsync(IceTestRequests.DtlsClientHello, _endpoint.UdpLocalEndPoint);

        var (_, source) = await otherHandler.NextPacketAsync();
        Assert.Equal(second.Client.LocalEndPoint, source.EndPoint);
        Assert.Empty(_handler.Packets);
        Assert.True(_agent.IsVerified((IPEndPoint)first.Client.LocalEndPoint!));
        Assert.False(_agent.IsVerified((IPEndPoint)second.Client.LocalEndPoint!));
    }

    [Fact]
    public async Task Udp_UnregisteredSession_UnknownUfrag()
    {
        _session.Dispose();
        using var browser = NewClient();

        await browser.SendAsync(IceTestRequests.Binding(_local), _endpoint.UdpLocalEndPoint);

        await IceTestSockets.WaitForAsync(() => _endpoint.Drops[IceDropReason.UnknownUfrag] == 1);
    }

    [Fact]
    public void Register_SameUfragTwice_Throws()
    {
        using var twin = new IceLiteAgent(_local, _time);

        Assert.Throws<InvalidOperationException>(() => _endpoint.Register(twin, new RecordingTransportHandler()));
    }

    [Fact]
    public async Task Tcp_FramedCheckDtlsAndSend_RoundTrip()
    {
        using var tcp = new TcpClient(AddressFamily.InterNetwork);
        await tcp.ConnectAsync(_endpoint.TcpLocalEndPoint!);
        var stream = tcp.GetStream();
        var local = (IPEndPoint)tcp.Client.LocalEndPoint!;

        // The request arrives in pieces: the length prefix split, then the rest.
        var framed = IceTestRequests.Framed(IceTestRequests.Binding(_local, useCandidate: true));
        await stream.WriteAsync(framed.AsMemory(0, 1));
        await stream.FlushAsync();
        await Task.Delay(20);
        await stream.WriteAsync(framed.AsMemory(1));
        var response = await IceTestSockets.ReadFrameAsync(stream);

        Assert.True(StunMessage.TryRead(response, out var message, out _));
        Assert.Equal(StunClass.SuccessResponse, message.Class);
        Assert.True(message.VerifyMessageIntegrity(Encoding.ASCII.GetBytes(_local.Password)));
        Assert.True(message.TryGetXorMappedAddress(out var mapped));
        Assert.Equal(local, mapped);
        Assert.True(_agent.IsVerified(local, IceProtocol.Tcp));
        Assert.False(_agent.IsVerified(local, IceProtocol.Udp));
        Assert.Equal(new IceTransportAddress(IceProtocol.Tcp, local), _agent.SelectedAddress);

        // Two frames in one write.
        await stream.WriteAsync((byte[])[.. IceTestRequests.Framed(IceTestRequests.DtlsClientHello), .. IceTestRequests.Framed([0x80, 96, 0, 1])]);
        var (dtls, source) = await _handler.NextPacketAsync();
        var (rtp, _) = await _handler.NextPacketAsync();
        Assert.Equal(IceTestRequests.DtlsClientHello, dtls);
        Assert.Equal([0x80, 96, 0, 1], rtp);
        Assert.Equal(IceProtocol.Tcp, source.Protocol);

        Assert.True(await _session.SendAsync(new byte[] { 23, 0xFE, 0xFD, 7, 7 }));
        Assert.Equal(new byte[] { 23, 0xFE, 0xFD, 7, 7 }, await IceTestSockets.ReadFrameAsync(stream));

        // A batch: one RFC 4571 frame per datagram.
        Assert.True(await _session.SendBatchAsync(new Media.WebRtc.Batching.DatagramBatch(new byte[] { 0x80, 1, 2, 0x80, 3 }, new[] { 3, 2 })));
        Assert.Equal(new byte[] { 0x80, 1, 2 }, await IceTestSockets.ReadFrameAsync(stream));
        Assert.Equal(new byte[] { 0x80, 3 }, await IceTestSockets.ReadFrameAsync(stream));
    }

    [Fact]
    public async Task Tcp_DtlsBeforeVerification_DroppedAndBadIntegrityNotAnswered()
    {
        using var tcp = new TcpClient(AddressFamily.InterNetwork);
        await tcp.ConnectAsync(_endpoint.TcpLocalEndPoint!);
        var stream = tcp.GetStream();

        await stream.WriteAsync(IceTestRequests.Framed(IceTestRequests.DtlsClientHello));
        await stream.WriteAsync(IceTestRequests.Framed(IceTestRequests.Binding(_local, password: IceTestRequests.RemotePassword)));
        await IceTestSockets.WaitForAsync(() => _endpoint.Drops.Total == 2);

        Assert.Equal(1, _endpoint.Drops[IceDropReason.UnverifiedAddress]);
        Assert.Equal(1, _endpoint.Drops[IceDropReason.BadIntegrity]);
        Assert.Empty(_handler.Packets);
        Assert.Null(_agent.SelectedAddress);
        Assert.Equal(0, tcp.Available);
    }

    [Fact]
    public async Task Tcp_ZeroLengthFrame_ConnectionClosed()
    {
        using var tcp = new TcpClient(AddressFamily.InterNetwork);
        await tcp.ConnectAsync(_endpoint.TcpLocalEndPoint!);
        var stream = tcp.GetStream();

        await stream.WriteAsync(new byte[] { 0, 0 });

        Assert.Equal(0, await IceTestSockets.ReadWithTimeoutAsync(stream));
        Assert.Equal(1, _endpoint.Drops[IceDropReason.BadFrame]);
    }

    [Fact]
    public async Task Tcp_NoVerifiedCheckInTime_ConnectionClosed()
    {
        using var tcp = new TcpClient(AddressFamily.InterNetwork);
        await tcp.ConnectAsync(_endpoint.TcpLocalEndPoint!);
        var stream = tcp.GetStream();
        await stream.WriteAsync(IceTestRequests.Framed(IceTestRequests.DtlsClientHello));
        await IceTestSockets.WaitForAsync(() => _endpoint.Drops[IceDropReason.UnverifiedAddress] == 1);

        _time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(0, await IceTestSockets.ReadWithTimeoutAsync(stream));
        await IceTestSockets.WaitForAsync(() => _endpoint.Drops[IceDropReason.TcpNotVerified] == 1);
    }

    [Fact]
    public async Task Tcp_VerifiedConnection_OutlivesVerificationTimeout()
    {
        using var tcp = new TcpClient(AddressFamily.InterNetwork);
        await tcp.ConnectAsync(_endpoint.TcpLocalEndPoint!);
        var stream = tcp.GetStream();
        await stream.WriteAsync(IceTestRequests.Framed(IceTestRequests.Binding(_local)));
        await IceTestSockets.ReadFrameAsync(stream);

        _time.Advance(TimeSpan.FromSeconds(5));
        await stream.WriteAsync(IceTestRequests.Framed(IceTestRequests.Binding(_local)));
        await IceTestSockets.ReadFrameAsync(stream);
        _time.Advance(TimeSpan.FromSeconds(6));

        await stream.WriteAsync(IceTestRequests.Framed(IceTestRequests.DtlsClientHello));
        Assert.Equal(IceTestRequests.DtlsClientHello, (await _handler.NextPacketAsync()).Packet);
        Assert.Equal(0, _endpoint.Drops[IceDropReason.TcpNotVerified]);
    }

    [Fact]
    public async Task Tcp_ConnectionClosed_AddressForgotten()
    {
        IPEndPoint local;
        using (var tcp = new TcpClient(AddressFamily.InterNetwork))
        {
            await tcp.ConnectAsync(_endpoint.TcpLocalEndPoint!);
            local = (IPEndPoint)tcp.Client.LocalEndPoint!;
            await tcp.GetStream().WriteAsync(IceTestRequests.Framed(IceTestRequests.Binding(_local)));
            await IceTestSockets.ReadFrameAsync(tcp.GetStream());
            Assert.True(_agent.IsVerified(local, IceProtocol.Tcp));
        }

        await IceTestSockets.WaitForAsync(() => !_agent.IsVerified(local, IceProtocol.Tcp));
        Assert.Null(_agent.SelectedAddress);
    }

    [Fact]
    public async Task GetLocalCandidates_Advertised_UdpAndPassiveTcpLines()
    {
        var options = new IceEndpointOptions { BindAddress = "127.0.0.1", Port = 0 };
        options.AdvertisedAddresses.Add("203.0.113.5");
        options.AdvertisedAddresses.Add("media.example.com");
        await using var endpoint = NewEndpoint(options);
        endpoint.Start();
        var port = endpoint.Port;

        var lines = endpoint.GetLocalCandidates().Select(candidate => candidate.ToSdpLine()).ToArray();

        Assert.Equal(
            [
                $"a=candidate:1 1 udp 2130706431 203.0.113.5 {port} typ host",
                $"a=candidate:2 1 tcp 2124414975 203.0.113.5 {port} typ host tcptype passive",
                $"a=candidate:3 1 udp 2130706175 media.example.com {port} typ host",
                $"a=candidate:4 1 tcp 2124414719 media.example.com {port} typ host tcptype passive",
            ],
            lines);
    }

    [Fact]
    public async Task GetLocalCandidates_UdpNotAdvertised_OnlyPassiveTcp()
    {
        var options = new IceEndpointOptions { BindAddress = "127.0.0.1", Port = 0, AdvertiseUdp = false };
        await using var endpoint = NewEndpoint(options);
        endpoint.Start();

        var candidate = Assert.Single(endpoint.GetLocalCandidates());

        Assert.Equal((IceProtocol.Tcp, "127.0.0.1", endpoint.Port), (candidate.Protocol, candidate.Address, candidate.Port));
    }

    [Fact]
    public void GetLocalCandidates_NothingAdvertised_BindAddress()
    {
        var candidate = Assert.Single(_endpoint.GetLocalCandidates(), c => c.Protocol == IceProtocol.Udp);

        Assert.Equal("127.0.0.1", candidate.Address);
        Assert.Equal(_endpoint.Port, candidate.Port);
    }

    /// <summary>A second endpoint on the fake clock whose drop reports (every 10 s) land in <paramref name="logger"/>.</summary>
    private IceUdpEndpoint StartReportingEndpoint(CapturingLogger<IceUdpEndpoint> logger)
    {
        var endpoint = new IceUdpEndpoint(
            Options.Create(new IceEndpointOptions { BindAddress = "127.0.0.1", Port = 0, EnableTcp = false, DropReportInterval = TimeSpan.FromSeconds(10) }),
            _time,
            logger);
        endpoint.Start();
        return endpoint;
    }

    [Fact]
    public async Task Drops_ManyPackets_OneReportPerInterval()
    {
        var logger = new CapturingLogger<IceUdpEndpoint>();
        await using var endpoint = StartReportingEndpoint(logger);
        using var attacker = NewClient();

        for (var i = 0; i < 50; i++)
        {
            await attacker.SendAsync(IceTestRequests.DtlsClientHello, endpoint.UdpLocalEndPoint);
        }

        await IceTestSockets.WaitForAsync(() => endpoint.Drops[IceDropReason.UnverifiedAddress] == 50);
        Assert.DoesNotContain(logger.Entries, entry => entry.EventId.Id == 3611);

        _time.Advance(TimeSpan.FromSeconds(10));
        _time.Advance(TimeSpan.FromSeconds(10));

        var report = Assert.Single(logger.Entries, entry => entry.EventId.Id == 3611);
        Assert.Equal("ICE port dropped 50 packets in the last 10 s: UnverifiedAddress 50", report.Message);
        Assert.Equal(50, endpoint.Drops[IceDropReason.UnverifiedAddress]);
    }

    [Fact]
    public async Task Drops_FirstAfterAQuietSpell_ReportedOneIntervalLater()
    {
        var logger = new CapturingLogger<IceUdpEndpoint>();
        await using var endpoint = StartReportingEndpoint(logger);
        using var attacker = NewClient();
        _time.Advance(TimeSpan.FromSeconds(5));

        await attacker.SendAsync(IceTestRequests.DtlsClientHello, endpoint.UdpLocalEndPoint);
        await IceTestSockets.WaitForAsync(() => endpoint.Drops[IceDropReason.UnverifiedAddress] == 1);

        // The report is scheduled by the drop, not by a timer ticking since start (which would
        // wake an idle gateway every interval and report here, 10 s after start).
        _time.Advance(TimeSpan.FromSeconds(6));
        Assert.DoesNotContain(logger.Entries, entry => entry.EventId.Id == 3611);
        _time.Advance(TimeSpan.FromSeconds(4));
        var report = Assert.Single(logger.Entries, entry => entry.EventId.Id == 3611);
        Assert.Equal("ICE port dropped 1 packets in the last 10 s: UnverifiedAddress 1", report.Message);
    }

    [Fact]
    public void OptionsValidator_EveryProblem_ReportedAtOnce()
    {
        var options = new IceEndpointOptions { BindAddress = "not-an-ip", Port = 70000, MaxTcpConnections = 0, AdvertiseUdp = false, EnableTcp = false, SendBatching = "fast" };
        options.AdvertisedAddresses.Add("bad host!");

        var result = new IceEndpointOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Equal(7, result.Failures!.Count());
        Assert.Contains(result.Failures!, failure => failure.Contains("AdvertiseUdp", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, failure => failure.Contains("WebRtc:Ice:MaxUnverifiedTcpConnections", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, failure => failure.Contains("WebRtc:Ice:AdvertisedAddresses:0", StringComparison.Ordinal));
    }

    private byte[] Attack(string attack) => attack switch
    {
        "unknown ufrag" => IceTestRequests.Binding(_local, username: $"nobody:{IceTestRequests.RemoteUfrag}"),
        "wrong remote ufrag" => IceTestRequests.Binding(_local, username: $"{_local.Ufrag}:evil"),
        "bad integrity" => IceTestRequests.Binding(_local, password: IceTestRequests.RemotePassword),
        "bad fingerprint" => IceTestRequests.WithFlippedLastByte(IceTestRequests.Binding(_local)),
        "attribute length past the packet" => IceTestRequests.WithFirstAttributeLength(IceTestRequests.Binding(_local), 0x0400),
        "truncated header" => IceTestRequests.Binding(_local)[..12],
        "DTLS ClientHello from an unverified address" => IceTestRequests.DtlsClientHello,
        "RTP from an unverified address" => [0x80, 96, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1],
        "unknown first byte" => [64, 0, 0, 0],
        _ => throw new ArgumentOutOfRangeException(nameof(attack)),
    };

    private IceUdpEndpoint NewEndpoint(IceEndpointOptions options) =>
        new(Options.Create(options), _time, NullLogger<IceUdpEndpoint>.Instance);

    private static UdpClient NewClient() => new(new IPEndPoint(IPAddress.Loopback, 0));

    private static async Task<byte[]> ReceiveAsync(UdpClient client)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        return (await client.ReceiveAsync(timeout.Token)).Buffer;
    }
}
