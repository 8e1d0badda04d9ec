namespace SecureStream.Media.WebRtc.Rtp;

/// <summary>What <see cref="RtcpFeedbackHandler.Handle"/> did with one SRTCP datagram from the viewer.</summary>
internal enum RtcpFeedbackOutcome
{
    /// <summary>Authenticated and parsed; every packet in it was acted on or ignored as not ours.</summary>
    Accepted,

    /// <summary>SRTCP refused it (authentication, replay, malformed); counted in the SRTP counters.</summary>
    Unprotected,

    /// <summary>Authenticated, but not a valid RTCP compound packet (RFC 3550 §6.1, A.2).</summary>
    Malformed,
}
