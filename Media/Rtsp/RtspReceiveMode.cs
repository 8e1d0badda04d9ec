namespace SecureStream.Media.Rtsp;

/// <summary>How camera connections are read (<c>Rtsp:ReceiveMode</c>).</summary>
internal enum RtspReceiveMode
{
    /// <summary>The shared receive thread where the system has it (Linux), else asynchronous reads.</summary>
    Auto,

    /// <summary>
    /// Every plain-TCP camera connection is read by one shared receive thread of the gateway's own
    /// (its own epoll set, Linux); RTSPS connections are read asynchronously.
    /// </summary>
    SharedThread,

    /// <summary>Each connection reads asynchronously through the runtime's sockets, as on every operating system.</summary>
    Async,
}
