namespace SecureStream.Media.Frames;

/// <summary>The codecs a camera track may carry.</summary>
internal enum MediaCodec
{
    Unknown = 0,
    H264,
    H265,
    Pcmu,
    Pcma,
    Opus,
    Aac,
}
