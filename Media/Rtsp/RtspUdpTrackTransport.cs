using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace SecureStream.Media.Rtsp;

/// <summary>
/// The two UDP sockets of one track (RTP on an even port, RTCP on the next, RFC 3550 §11).
/// Datagrams from any address but the camera's are dropped: anyone can send to an open UDP port.
/// </summary>
internal sealed class RtspUdpTrackTransport : IDisposable
{
    private const int BindAttempts = 32;

    private readonly Socket _rtp;
    private readonly Socket _rtcp;
    private IPEndPoint? _serverRtcp;
    private long _dropped;

    private RtspUdpTrackTransport(Socket rtp, Socket rtcp)
    {
        _rtp = rtp;
        _rtcp = rtcp;
    }

    public int RtpPort => ((IPEndPoint)_rtp.LocalEndPoint!).Port;

    public int RtcpPort => ((IPEndPoint)_rtcp.LocalEndPoint!).Port;

    /// <summary>Datagrams dropped because they did not come from the camera.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);


    public static RtspUdpTrackTransport? TryBind(AddressFamily family)
    {
        var any = family == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any;
        for (var attempt = 0; attempt < BindAttempts; attempt++)
        {
            var port = RandomNumberGenerator.GetInt32(10_000 / 2, 65_000 / 2) * 2;
            var rtp = new Socket(family, SocketType.Dgram, ProtocolType.Udp);
            var rtcp = new Socket(family, SocketType.Dgram, ProtocolType.Udp);
            try
            {
                rtp.Bind(new IPEndPoint(any, port));
                rtcp.Bind(new IPEndPoint(any, port + 1));
                return new RtspUdpTrackTransport(rtp, rtcp);
            }
            catch (SocketException)
            {
                rtp.Dispose();
                rtcp.Dispose();
            }
        }

        return null;
    }

    /// <summary>Starts both receive loops; only datagrams from <paramref name="server"/> are delivered.</summary>
    public void Start(IPAddress server, int? serverRtcpPort, Action<ReadOnlyMemory<byte>> onRtp, Action<ReadOnlyMemory<byte>> onRtcp, CancellationToken cancellationToken)
    {
        _serverRtcp = serverRtcpPort is { } port ? new IPEndPoint(server, port) : null;
        _ = ReceiveAsync(_rtp, server, onRtp, cancellationToken);
        _ = ReceiveAsync(_rtcp, server, onRtcp, cancellationToken);
    }

    public async Task SendRtcpAsync(ReadOnlyMemory<byte> packet, CancellationToken cancellationToken)
    {
        if (_serverRtcp is not null)
        {
            await _rtcp.SendToAsync(packet, SocketFlags.None, _serverRtcp, cancellationToken);
        }
    }

    public void Dispose()
    {
        _rtp.Dispose();
        _rtcp.Dispose();
    }

    private async Task ReceiveAsync(Socket socket, IPAddress server, Action<ReadOnlyMemory<byte>> deliver, CancellationToken cancellationToken)
    {
        var buffer = new byte[65536];
        EndPoint any = new IPEndPoint(socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var result = await socket.ReceiveFromAsync(buffer, SocketFlags.None, any, cancellationToken);
                var from = ((IPEndPoint)result.RemoteEndPoint).Address;
                if (!from.Equals(server) && !(from.IsIPv4MappedToIPv6 && from.MapToIPv4().Equals(server)))
                {
                    Interlocked.Increment(ref _dropped);
                    continue;
                }

                deliver(buffer.AsMemory(0, result.ReceivedBytes));
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The session closed the socket or is stopping.
        }
    }
}
