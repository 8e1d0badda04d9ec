namespace SecureStream.Media.WebRtc.Batching;

/// <summary>What a non-blocking batch send did: the first <see cref="Sent"/> datagrams left, in order.</summary>
/// <param name="Sent">Datagrams the kernel took, counted from the first.</param>
/// <param name="Status">Whether the rest must still be sent (the socket would block) or the send failed.</param>
internal readonly record struct DatagramBatchResult(int Sent, DatagramBatchStatus Status);
