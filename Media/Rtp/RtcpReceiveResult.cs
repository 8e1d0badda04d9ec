namespace SecureStream.Media.Rtp;

/// <summary>What <see cref="RtpTrackReceiver.ReceiveRtcp"/> made of a compound RTCP packet.</summary>
internal enum RtcpReceiveResult
{
    /// <summary>Well formed; sender reports from the track's source were recorded.</summary>
    Accepted,

    /// <summary>Lengths did not add up: dropped and counted (<see cref="RtpDropReason.MalformedRtcp"/>).</summary>
    Malformed,

    /// <summary>Well formed, and the track's source said BYE (RFC 3550 §6.6): the camera is leaving.</summary>
    Goodbye,
}
