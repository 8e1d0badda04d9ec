namespace SecureStream.Media.WebRtc.Batching;

/// <summary>The send path the probe chose for the media port (<see cref="DatagramSendPathProbe"/>).</summary>
internal enum DatagramSendPath
{
    /// <summary>One <c>SendTo</c> per datagram: the portable path.</summary>
    PerDatagram,

    /// <summary>One <c>sendmmsg</c> per batch, one message per datagram.</summary>
    Sendmmsg,

    /// <summary>One <c>sendmmsg</c> per batch whose messages carry runs of equal-size datagrams segmented by the kernel (<c>UDP_SEGMENT</c>).</summary>
    Gso,
}
