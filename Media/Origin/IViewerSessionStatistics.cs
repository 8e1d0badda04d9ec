namespace SecureStream.Media.Origin;

/// <summary>
/// What the origin knows of one live viewer session that the front door does not: the octets it
/// sent and the network path its media takes. For the operator console's session list; the
/// front door asks its embedded origin (a front door without one shows neither).
/// </summary>
public interface IViewerSessionStatistics
{
    /// <summary>The session's figures, or null when this origin holds no such live session.</summary>
    ViewerSessionFigures? FiguresOf(string sessionId);
}

/// <summary>One viewer session's figures at the origin.</summary>
/// <param name="OctetsSent">Media octets sent to the viewer (SRTP/SRTCP, all tracks).</param>
/// <param name="Path">The ICE path its media takes, once a candidate pair is selected.</param>
public sealed record ViewerSessionFigures(long OctetsSent, IcePath Path);

/// <summary>
/// How a viewer's media reaches it, from the pair ICE selected: UDP to an address the viewer
/// gathered itself (host), its NAT's address a STUN server told it (server-reflexive), an address
/// only seen on the wire (peer-reflexive), ICE-TCP, or a TURN relay. A bounded set, so it is a
/// metric label as well.
/// </summary>
public enum IcePath
{
    /// <summary>No pair selected yet.</summary>
    Connecting,
    UdpHost,
    UdpServerReflexive,
    UdpPeerReflexive,
    Tcp,
    Relay,
}

/// <summary>The wire and label form of <see cref="IcePath"/>.</summary>
public static class IcePathCodes
{
    public static string ToCode(this IcePath path) => path switch
    {
        IcePath.UdpHost => "udp_host",
        IcePath.UdpServerReflexive => "udp_srflx",
        IcePath.UdpPeerReflexive => "udp_prflx",
        IcePath.Tcp => "tcp",
        IcePath.Relay => "relay",
        _ => "connecting",
    };
}
