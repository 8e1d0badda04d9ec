namespace SecureStream.Media.WebRtc.Sdp;

/// <summary>The H.264 profiles WebRTC negotiates, as libwebrtc classifies a <c>profile-level-id</c>.</summary>
internal enum H264Profile
{
    ConstrainedBaseline,
    Baseline,
    Main,
    ConstrainedHigh,
    High,
    PredictiveHigh444,
}
