using SecureStream.Media.Origin;

namespace SecureStream.Media.WebRtc.Ice;

/// <summary>
/// Names the path a viewer's media takes (<see cref="IcePath"/>) from the pair its ICE agent
/// selected and the candidates the viewer signalled. We are ICE-lite and never gather: our side
/// is always a host candidate, so the path is told by the remote side alone.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>ICE-TCP (the viewer's checks came over a TCP connection to us) is <see cref="IcePath.Tcp"/>.</item>
/// <item>Over UDP, the address the verified checks come from is looked up among the signalled
/// candidates: a TURN server sends from the relayed address of the viewer's relay candidate, a
/// NAT from the server-reflexive address the viewer learnt, a viewer on our network from a host
/// address.</item>
/// <item>An address the viewer never signalled is peer-reflexive (RFC 8445 §7.3.1.3): a NAT
/// binding no STUN server showed it, a candidate that had not trickled yet, or an mDNS host
/// candidate whose name hides its address.</item>
/// </list>
/// </remarks>
internal static class IcePathClassifier
{
    public static IcePath Classify(IceTransportAddress? selected, IceRemoteCandidates candidates)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        if (selected is not { } address)
        {
            return IcePath.Connecting;
        }

        if (address.Protocol == IceProtocol.Tcp)
        {
            return IcePath.Tcp;
        }

        return candidates.TypeOf(address) switch
        {
            IceCandidateType.Host => IcePath.UdpHost,
            IceCandidateType.ServerReflexive => IcePath.UdpServerReflexive,
            IceCandidateType.Relay => IcePath.Relay,
            _ => IcePath.UdpPeerReflexive,
        };
    }
}
