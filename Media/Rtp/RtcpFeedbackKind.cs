namespace SecureStream.Media.Rtp;

/// <summary>The feedback messages a WebRTC sender acts on.</summary>
internal enum RtcpFeedbackKind
{
    /// <summary>RTPFB FMT 1 (RFC 4585 §6.2.1): lost packets, as PID + BLP entries.</summary>
    GenericNack,

    /// <summary>PSFB FMT 1 (RFC 4585 §6.3.1): the decoder lost its picture; no FCI.</summary>
    PictureLossIndication,

    /// <summary>PSFB FMT 4 (RFC 5104 §4.3.1): a full intra (key) frame is requested; SSRC + sequence entries.</summary>
    FullIntraRequest,
}
