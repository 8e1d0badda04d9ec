namespace SecureStream.Media.WebRtc.Ice;

/// <summary>The transport a candidate pair runs over: UDP, or TCP with RFC 4571 framing (RFC 6544).</summary>
internal enum IceProtocol
{
    Udp = 0,
    Tcp,
}
