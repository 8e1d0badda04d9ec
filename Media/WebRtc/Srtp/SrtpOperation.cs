namespace SecureStream.Media.WebRtc.Srtp;

/// <summary>The four operations of an <see cref="SrtpContext"/>, as counted by <see cref="SrtpCounters"/>.</summary>
internal enum SrtpOperation
{
    ProtectRtp,
    UnprotectRtp,
    ProtectRtcp,
    UnprotectRtcp,
}
