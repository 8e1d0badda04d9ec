namespace SecureStream.Media.WebRtc.Batching;

/// <summary>How a non-blocking batch send ended.</summary>
internal enum DatagramBatchStatus
{
    /// <summary>Every datagram was sent.</summary>
    Complete,

    /// <summary>The socket would have blocked (EAGAIN, ENOBUFS) or the path sends nothing itself: the rest goes one datagram at a time, awaited.</summary>
    Incomplete,

    /// <summary>The send failed for a reason waiting will not cure (as a failed <c>SendTo</c>): the rest is not sent.</summary>
    Failed,
}
