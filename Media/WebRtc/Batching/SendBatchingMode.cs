namespace SecureStream.Media.WebRtc.Batching;

/// <summary>How the media port sends a frame's datagrams (<c>WebRtc:Ice:SendBatching</c>).</summary>
internal enum SendBatchingMode
{
    /// <summary>Probe the socket at start: GSO where the kernel has it, else sendmmsg on Linux, else one send per datagram.</summary>
    Auto,

    /// <summary>UDP generic segmentation offload (Linux 4.18+), inside one sendmmsg call per batch.</summary>
    Gso,

    /// <summary>One sendmmsg call per batch, one message per datagram (Linux).</summary>
    Sendmmsg,

    /// <summary>One send per datagram, as on every operating system.</summary>
    Off,
}
