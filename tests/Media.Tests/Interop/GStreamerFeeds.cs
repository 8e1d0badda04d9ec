namespace SecureStream.Media.Tests.Interop;

/// <summary>What every <see cref="GStreamerFeed"/> is, as clients/GStreamerCamera/gst_rtsp_camera.py makes it.</summary>
internal static class GStreamerFeeds
{
    public const int Width = 640;
    public const int Height = 360;

    /// <summary>The AAC sample rate (and RTP clock) of every feed with audio; one channel.</summary>
    public const int AudioRate = 48000;

    /// <summary>The camera's mount, e.g. <c>/h264-aac</c>.</summary>
    public static string Mount(this GStreamerFeed feed) => "/" + StreamName(feed);

    /// <summary>The mount without its slash: the stream name under <c>demo/</c> in a <c>GStreamerGateway</c>.</summary>
    public static string StreamName(this GStreamerFeed feed) => feed switch
    {
        GStreamerFeed.H264ConstrainedBaseline => "h264-cb",
        GStreamerFeed.H264High => "h264-high",
        GStreamerFeed.H265 => "h265-640",
        GStreamerFeed.H264Aac => "h264-aac",
        GStreamerFeed.H264Latm => "h264-latm",
        GStreamerFeed.H265Aac => "h265-aac",
        GStreamerFeed.Aac => "aac",
        GStreamerFeed.Latm => "latm",
        _ => throw new ArgumentOutOfRangeException(nameof(feed), feed, null),
    };
}
