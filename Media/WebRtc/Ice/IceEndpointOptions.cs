namespace SecureStream.Media.WebRtc.Ice;

/// <summary>The shared ICE port (configuration section <c>WebRtc:Ice</c>).</summary>
internal sealed class IceEndpointOptions
{
    public const string SectionName = "WebRtc:Ice";

    /// <summary>Address the UDP socket and the TCP listener bind to; <c>::</c> binds dual-stack.</summary>
    public string BindAddress { get; set; } = "0.0.0.0";

    /// <summary>The one UDP port every session shares, and the ICE-TCP port number. 0 picks a free port (tests).</summary>
    public int Port { get; set; } = 10000;

    /// <summary>Accept ICE-TCP (RFC 6544 passive) on the same port number, for viewers whose networks block UDP.</summary>
    public bool EnableTcp { get; set; } = true;

    /// <summary>
    /// Put UDP candidates in the SDP. False leaves only ICE-TCP candidates: for a site whose
    /// firewall passes only TCP to the origin (the UDP socket still answers checks).
    /// </summary>
    public bool AdvertiseUdp { get; set; } = true;

    /// <summary>
    /// Addresses put in the candidates: public IPs or host names when the origin is behind NAT.
    /// Empty: the bind address, or every up, non-loopback interface address when bound to any.
    /// </summary>
    public IList<string> AdvertisedAddresses { get; } = [];

    /// <summary>Concurrent ICE-TCP connections, verified or not; more are closed on accept.</summary>
    public int MaxTcpConnections { get; set; } = 4096;

    /// <summary>
    /// ICE-TCP connections without a verified check yet. Kept below <see cref="MaxTcpConnections"/>
    /// so unverified connections can never take the room verified ones need; when it is full, a
    /// newcomer takes the place of the oldest unverified connection of the source holding the most.
    /// </summary>
    public int MaxUnverifiedTcpConnections { get; set; } = 1024;

    /// <summary>
    /// Unverified ICE-TCP connections one source (an IPv4 address or an IPv6 /64) holds at once;
    /// more are closed on accept. A browser opens one per candidate pair it tries, so a few viewers
    /// behind one NAT fit many times over.
    /// </summary>
    public int MaxUnverifiedTcpConnectionsPerAddress { get; set; } = 16;

    /// <summary>An ICE-TCP connection that brings no verified check within this time is closed.</summary>
    public TimeSpan TcpVerificationTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How a frame's datagrams leave the UDP socket: <c>auto</c> (probe the kernel at start: UDP
    /// GSO, else sendmmsg, else one send per datagram), <c>gso</c>, <c>sendmmsg</c> or <c>off</c>
    /// (one send per datagram, the portable path). A path the kernel lacks falls back to the next
    /// one down with a warning (docs/configuration.md).
    /// </summary>
    public string SendBatching { get; set; } = "auto";

    /// <summary>How often dropped-packet counts are reported (one log line per interval, never per packet).</summary>
    public TimeSpan DropReportInterval { get; set; } = TimeSpan.FromSeconds(60);
}
