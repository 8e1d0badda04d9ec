namespace SecureStream.Media.WebRtc.Ice;

/// <summary>
/// What a transport of the ICE port hands its packets to: the routing by ufrag and by verified
/// address, and the port's drop counters (<see cref="IceUdpEndpoint"/>). The ICE-TCP listener
/// (<see cref="IceTcpListener"/>) knows the port only through this.
/// </summary>
internal interface IIcePacketRouter
{
    /// <summary>Every packet dropped on the port, by reason.</summary>
    IceDropCounters Drops { get; }

    /// <summary>
    /// Routes one packet (datagram or RFC 4571 frame) from <paramref name="source"/>; returns the
    /// length of a STUN response written to <paramref name="response"/>, or 0, and the session a
    /// Binding request was verified for.
    /// </summary>
    int Process(ReadOnlyMemory<byte> packet, IceTransportAddress source, Span<byte> response, out IceSession? verifiedFor);

    /// <summary>An ICE-TCP connection closed: its address no longer reaches <paramref name="session"/>.</summary>
    void ForgetTcpAddress(IceTransportAddress remote, IceSession session);
}
