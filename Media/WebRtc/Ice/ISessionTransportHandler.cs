namespace SecureStream.Media.WebRtc.Ice;

/// <summary>
/// What a WebRTC session gives the shared ICE port: where its DTLS, SRTP and SRTCP packets go.
/// Called on the endpoint's receive loops, so implementations must be quick and must not block
/// (hand the packet to a bounded queue); they must not throw (a throw is caught and counted).
/// </summary>
internal interface ISessionTransportHandler
{
    /// <summary>
    /// A non-STUN packet (first byte 20–63 DTLS or 128–191 RTP/RTCP, RFC 7983) from an address this
    /// session's ICE agent verified. <paramref name="packet"/> is only valid during the call (the
    /// receive buffer is reused): copy what must outlive it.
    /// </summary>
    void OnPacket(ReadOnlyMemory<byte> packet, IceTransportAddress source);

    /// <summary>The agent gave up on the peer (<see cref="IceLiteAgent.ConsentLost"/>); end the session.</summary>
    void OnConsentLost(IceConsentLossReason reason);
}
