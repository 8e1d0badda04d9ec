namespace SecureStream.Media.Rtsp;

/// <summary>How a pull asks the camera for a keyframe (docs/configuration.md, "Rtsp").</summary>
internal enum RtspKeyframeRequestMode
{
    /// <summary>Never ask: the first picture waits for the camera's next scheduled keyframe.</summary>
    Off,

    /// <summary>RTCP Picture Loss Indication (RFC 4585 §6.3.1), what most RTSP servers and encoders honour.</summary>
    Pli,

    /// <summary>RTCP Full Intra Request (RFC 5104 §4.3.1), for cameras that honour only FIR.</summary>
    Fir,
}
