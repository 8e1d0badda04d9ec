namespace SecureStream.Media.Frames;

/// <summary>The codecs a camera track may carry.</summary>
/// <remarks>Part of the origin's face (docs/architecture.md, "The origin's face"): the codec of a <see cref="TrackDescription"/> and of a <see cref="Transcoding.TranscoderRestart"/>, shown and audited by the front door.</remarks>
public enum MediaCodec
{
    Unknown = 0,
    H264,
    H265,
    Pcmu,
    Pcma,
    Opus,
    Aac,
}
