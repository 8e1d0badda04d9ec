namespace SecureStream.Media.Codecs.H265;

/// <summary>What the gateway needs from an H.265 sequence parameter set (ITU-T H.265 §7.3.2.2).</summary>
/// <param name="Width">Luma width after the conformance window.</param>
/// <param name="Height">Luma height after the conformance window.</param>
internal sealed record H265Sps(
    int ProfileSpace,
    int TierFlag,
    int ProfileIdc,
    int LevelIdc,
    int SpsId,
    int Width,
    int Height)
{
    /// <summary>The RFC 7798 §7.1 SDP parameters WebRTC negotiates, e.g. <c>profile-id=1;tier-flag=0;level-id=93</c>.</summary>
    public string FormatParameters => $"profile-id={ProfileIdc};tier-flag={TierFlag};level-id={LevelIdc}";
}
