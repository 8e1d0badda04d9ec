using System.Net;

namespace SecureStream.Media.WebRtc.Ice;

/// <summary>
/// A remote transport address as ICE sees it: protocol and endpoint. IPv4 addresses that a
/// dual-mode socket reports as IPv4-mapped IPv6 are normalized to IPv4, so one peer has one key.
/// </summary>
internal readonly record struct IceTransportAddress
{
    public IceTransportAddress(IceProtocol protocol, IPEndPoint endPoint)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        Protocol = protocol;
        EndPoint = Normalize(endPoint);
    }

    public IceProtocol Protocol { get; }

    public IPEndPoint EndPoint { get; }

    public static IPEndPoint Normalize(IPEndPoint endPoint) =>
        endPoint.Address.IsIPv4MappedToIPv6 ? new IPEndPoint(endPoint.Address.MapToIPv4(), endPoint.Port) : endPoint;

    public override string ToString() => $"{(Protocol == IceProtocol.Udp ? "udp" : "tcp")}/{EndPoint}";
}
