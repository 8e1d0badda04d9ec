namespace SecureStream.Media;

/// <summary>Marker for the media origin assembly (camera registry, RTSP, RTP, stream hub).</summary>
internal static class MediaAssembly
{
    public const string Name = "SecureStream.Media";
}
