namespace SecureStream.Media.Tests.Interop;

/// <summary>
/// The 640x360 feeds of the GStreamer camera (clients/GStreamerCamera/gst_rtsp_camera.py, <c>FEEDS</c>): what
/// real cameras send that browsers do not all take. Audio is a 440 Hz tone, AAC-LC 48 kHz mono.
/// <see cref="GStreamerFeeds.Mount"/> gives each one's mount (<c>/h264-aac</c>), which is also the
/// stream name under <c>demo/</c> in a <c>GStreamerGateway</c>.
/// </summary>
public enum GStreamerFeed
{
    /// <summary>H.264 Constrained Baseline (<c>42c0..</c>), video only.</summary>
    H264ConstrainedBaseline,

    /// <summary>H.264 High (<c>6400..</c>), video only.</summary>
    H264High,

    /// <summary>H.265 Main, video only.</summary>
    H265,

    /// <summary>H.264 Constrained Baseline + AAC in RFC 3640 <c>mpeg4-generic</c> AAC-hbr.</summary>
    H264Aac,

    /// <summary>H.264 Constrained Baseline + AAC in RFC 6416 <c>MP4A-LATM</c>.</summary>
    H264Latm,

    /// <summary>H.265 Main + AAC in RFC 3640 <c>mpeg4-generic</c> AAC-hbr.</summary>
    H265Aac,

    /// <summary>AAC in RFC 3640 <c>mpeg4-generic</c> AAC-hbr, audio only.</summary>
    Aac,

    /// <summary>AAC in RFC 6416 <c>MP4A-LATM</c>, audio only.</summary>
    Latm,
}
