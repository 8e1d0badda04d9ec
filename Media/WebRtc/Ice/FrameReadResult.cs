namespace SecureStream.Media.WebRtc.Ice;

/// <summary>Three-way answer of a stream frame reader (STYLE §7).</summary>
internal enum FrameReadResult
{
    Complete = 0,
    NeedMoreData,
    Invalid,
}
