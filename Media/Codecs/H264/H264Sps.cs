namespace SecureStream.Media.Codecs.H264;

/// <summary>What the gateway needs from an H.264 sequence parameter set (ITU-T H.264 §7.3.2.1.1).</summary>
/// <param name="ConstraintFlags">The byte after profile_idc: constraint_set0..5 flags and two reserved bits.</param>
/// <param name="Width">Luma width in pixels after the cropping window.</param>
/// <param name="Height">Luma height in pixels after the cropping window, both fields counted for interlaced streams.</param>
internal sealed record H264Sps(
    int ProfileIdc,
    int ConstraintFlags,
    int LevelIdc,
    int SpsId,
    int Width,
    int Height,
    bool FrameMbsOnly)
{
    /// <summary>WebRTC <c>profile-level-id</c> (RFC 6184 §8.1): profile_idc, constraint byte, level_idc as six hex digits.</summary>
    public string ProfileLevelId => $"{ProfileIdc:x2}{ConstraintFlags:x2}{LevelIdc:x2}";
}
