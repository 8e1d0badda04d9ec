using SecureStream.Media.Cameras;

namespace SecureStream.Media.Streams;

/// <summary>
/// How the hub pulls a registered camera: its URLs in failover order (credentials included: they
/// go to the RTSP client only, which never logs them) and its OME properties as stream settings.
/// </summary>
internal static class CameraPullPlan
{
    public static IReadOnlyList<Uri> UrlsOf(CameraRegistration camera) =>
        camera.Urls.Select(url => new Uri(url.ToUnredactedString())).ToList();

    public static StreamSettings SettingsOf(CameraRegistration camera) => StreamSettings.Default with
    {
        NoInputFailoverTimeout = TimeSpan.FromMilliseconds(camera.Properties.NoInputFailoverTimeoutMs),
        UnusedStreamDeletionTimeout = TimeSpan.FromMilliseconds(camera.Properties.UnusedStreamDeletionTimeoutMs),
    };
}
