using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SecureStream.Media.WebRtc.Ice;

namespace SecureStream.Media.Tests.WebRtc.Ice;

/// <summary>
/// The ICE-TCP listener's bounds on a real endpoint (docs/playback.md, "ICE-TCP"): idle
/// connections from one address keep only their share, a full pool makes room for a viewer from
/// another address, and that viewer's check is verified while the attack goes on.
/// </summary>
public sealed class IceTcpListenerTests : IAsyncLifetime
{
    private static readonly IPAddress Attacker = IPAddress.Parse("127.0.0.2");

    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z"));
    private readonly IceCredentials _local = IceCredentials.Generate();
    private readonly List<Socket> _held = [];
    private IceUdpEndpoint? _endpoint;
    private IceLiteAgent? _agent;
    private IceSession? _session;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var socket in _held)
        {
            socket.Dispose();
        }

        _session?.Dispose();
        _agent?.Dispose();
        if (_endpoint is not null)
        {
            await _endpoint.DisposeAsync();
        }
    }

    [Fact]
    public async Task TwoThousandIdleConnectionsFromOneAddress_ShareKept_ViewerFromAnotherAddressVerified()
    {
        var endpoint = Start(new IceEndpointOptions { BindAddress = "127.0.0.1", Port = 0 });
        var share = new IceEndpointOptions().MaxUnverifiedTcpConnectionsPerAddress;

        await HoldAsync(Attacker, 2000);
        await IceTestSockets.WaitForAsync(() => endpoint.Drops[IceDropReason.TcpSourceOverShare] == 2000 - share, seconds: 30);

        Assert.Equal(share, endpoint.Tcp!.UnverifiedFrom(Attacker));
        Assert.Equal(share, endpoint.Tcp.Count);
        await AssertViewerVerifiedAsync(endpoint);
    }

    [Fact]
    public async Task PoolFullOfIdleConnections_ViewerTakesTheOldestPlaceOfTheLargestHolder()
    {
        var endpoint = Start(new IceEndpointOptions { BindAddress = "127.0.0.1", Port = 0, MaxUnverifiedTcpConnections = 64, MaxUnverifiedTcpConnectionsPerAddress = 16 });
        for (var i = 2; i < 6; i++)
        {
            await HoldAsync(IPAddress.Parse($"127.0.0.{i}"), 16);
        }

        await IceTestSockets.WaitForAsync(() => endpoint.Tcp!.UnverifiedCount == 64);
        var oldest = _held[0];

        await AssertViewerVerifiedAsync(endpoint);

        Assert.Equal(1, endpoint.Drops[IceDropReason.TcpEvicted]);
        Assert.Equal(15, endpoint.Tcp!.UnverifiedFrom(Attacker));
        Assert.Equal(0, await IceTestSockets.ReadWithTimeoutAsync(new NetworkStream(oldest)));
        // Verified, the viewer's connection left the unverified pool: 63 attackers remain in it.
        Assert.Equal(63, endpoint.Tcp.UnverifiedCount);
    }

    [Fact]
    public async Task UnverifiedFrameLongerThanACheck_ClosedBeforeItIsBuffered()
    {
        var endpoint = Start(new IceEndpointOptions { BindAddress = "127.0.0.1", Port = 0 });
        using var tcp = new TcpClient(AddressFamily.InterNetwork);
        await tcp.ConnectAsync(endpoint.TcpLocalEndPoint!);
        var stream = tcp.GetStream();

        // A 60,000-byte frame announced, and only its first bytes sent.
        await stream.WriteAsync(new byte[] { 0xEA, 0x60, 0x16, 0xFE, 0xFD });

        Assert.Equal(0, await IceTestSockets.ReadWithTimeoutAsync(stream));
        Assert.Equal(1, endpoint.Drops[IceDropReason.UnverifiedFrameTooLarge]);
    }

    /// <summary>
    /// Unverified UDP creates no state at all: thousands of checks with a bad MESSAGE-INTEGRITY
    /// for a live session's ufrag and DTLS ClientHellos from one address leave nothing routed, and
    /// a viewer from another address is verified.
    /// </summary>
    [Fact]
    public async Task UdpFloodOfUnverifiedChecksAndClientHellos_NoStateCreated_ViewerVerified()
    {
        var endpoint = Start(new IceEndpointOptions { BindAddress = "127.0.0.1", Port = 0 });
        using var flood = new UdpClient(new IPEndPoint(Attacker, 0));
        var badCheck = IceTestRequests.Binding(_local, password: IceTestRequests.RemotePassword);
        for (var i = 0; i < 5000; i++)
        {
            await flood.SendAsync(badCheck, endpoint.UdpLocalEndPoint);
            await flood.SendAsync(IceTestRequests.DtlsClientHello, endpoint.UdpLocalEndPoint);
        }

        // UDP may lose some of the flood on a busy machine; what arrived is counted, never kept.
        await IceTestSockets.WaitForAsync(() => endpoint.Drops[IceDropReason.BadIntegrity] > 0 && endpoint.Drops[IceDropReason.UnverifiedAddress] > 0);
        Assert.Equal(0, endpoint.RoutedAddressCount);
        Assert.False(_agent!.IsVerified((IPEndPoint)flood.Client.LocalEndPoint!));

        // The viewer retransmits its check as a browser does (RFC 8445 §14.3): a datagram lost
        // while the flood filled the socket's buffer is sent again.
        using var viewer = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var check = IceTestRequests.Binding(_local, useCandidate: true);
        byte[]? answer = null;
        for (var attempt = 0; attempt < 50 && answer is null; attempt++)
        {
            await viewer.SendAsync(check, endpoint.UdpLocalEndPoint);
            using var retransmit = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
            try
            {
                answer = (await viewer.ReceiveAsync(retransmit.Token)).Buffer;
            }
            catch (OperationCanceledException)
            {
            }
        }

        Assert.NotNull(answer);
        Assert.True(StunMessage.TryRead(answer, out var response, out _));
        Assert.Equal(StunClass.SuccessResponse, response.Class);
        Assert.Equal(1, endpoint.RoutedAddressCount);
    }

    private IceUdpEndpoint Start(IceEndpointOptions options)
    {
        _endpoint = new IceUdpEndpoint(Options.Create(options), _time, NullLogger<IceUdpEndpoint>.Instance);
        _endpoint.Start();
        _agent = new IceLiteAgent(_local, _time);
        Assert.True(_agent.TrySetRemoteUfrag(IceTestRequests.RemoteUfrag));
        _session = _endpoint.Register(_agent, new RecordingTransportHandler());
        return _endpoint;
    }

    private async Task HoldAsync(IPAddress source, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            _held.Add(socket);
            socket.Bind(new IPEndPoint(source, 0));
            await socket.ConnectAsync(_endpoint!.TcpLocalEndPoint!);
        }
    }

    private async Task AssertViewerVerifiedAsync(IceUdpEndpoint endpoint)
    {
        using var viewer = new TcpClient(new IPEndPoint(IPAddress.Loopback, 0));
        await viewer.ConnectAsync(endpoint.TcpLocalEndPoint!);
        var stream = viewer.GetStream();
        await stream.WriteAsync(IceTestRequests.Framed(IceTestRequests.Binding(_local, useCandidate: true)));

        var response = await IceTestSockets.ReadFrameAsync(stream);

        Assert.True(StunMessage.TryRead(response, out var message, out _));
        Assert.Equal(StunClass.SuccessResponse, message.Class);
        Assert.True(message.VerifyMessageIntegrity(Encoding.ASCII.GetBytes(_local.Password)));
        Assert.True(_agent!.IsVerified((IPEndPoint)viewer.Client.LocalEndPoint!, IceProtocol.Tcp));
    }
}
