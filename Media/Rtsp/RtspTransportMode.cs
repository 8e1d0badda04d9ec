namespace SecureStream.Media.Rtsp;

/// <summary>How RTP travels from the camera.</summary>
internal enum RtspTransportMode
{
    /// <summary>Interleaved on the RTSP connection (RFC 2326 §10.12): one connection, passes NAT and firewalls.</summary>
    Tcp,

    /// <summary>UDP, falling back to TCP when no packet arrives within <see cref="RtspClientOptions.UdpNoPacketTimeout"/>.</summary>
    Udp,
}
