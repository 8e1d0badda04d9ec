namespace SecureStream.Media.WebRtc.Sdp;

/// <summary>A media section's direction attribute (RFC 8866 §6.7), from the writer's point of view; sendrecv when absent.</summary>
internal enum MediaDirection
{
    SendRecv,
    SendOnly,
    RecvOnly,
    Inactive,
}
