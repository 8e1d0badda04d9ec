namespace SecureStream.Media.Rtsp;

/// <summary>What the shared receive thread calls when a registered socket has bytes (or an end) to read.</summary>
internal interface IRtspReceiveTarget
{
    /// <summary>
    /// Reads what is there without waiting and handles it; called on the receive thread, never
    /// twice at once for one registration. Must not block: every camera of the thread waits for it.
    /// </summary>
    void OnReadable();

    /// <summary>The receive thread stopped reading this socket (it failed): the connection must end, and its pull reconnects.</summary>
    void OnReadingStopped();
}
