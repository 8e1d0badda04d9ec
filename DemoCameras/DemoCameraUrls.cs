using System.Net;

namespace SecureStream.DemoCameras;

/// <summary>
/// The two ways to name a demo camera. <c>demo://{name}</c> is what configuration and the camera
/// registry store: it does not depend on the port the demo server got. A camera source factory
/// turns it into <c>rtsp://{server}/demo/{name}</c> (<see cref="DemoCameraServer.GetCameraUri"/>)
/// and pulls it with the ordinary RTSP client, so demo cameras exercise the real path. The rtsp
/// form also works directly (benchmarks, ffplay, VLC).
/// </summary>
internal static class DemoCameraUrls
{
    public const string Scheme = "demo";

    /// <summary>Reads <c>demo://{name}</c> (an optional trailing slash is allowed); the name is case-sensitive.</summary>
    public static bool TryGetCameraName(Uri url, out string cameraName)
    {
        ArgumentNullException.ThrowIfNull(url);
        cameraName = string.Empty;

        // OriginalString: System.Uri lower-cases the host part, and camera names keep their case.
        var text = url.OriginalString.AsSpan();
        if (!text.StartsWith("demo://", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var name = text[7..].TrimEnd('/');
        if (!DemoCameraTarget.IsValidName(name))
        {
            return false;
        }

        cameraName = name.ToString();
        return true;
    }

    /// <summary><c>rtsp://{endPoint}/demo/{name}</c>.</summary>
    public static Uri ToRtspUri(IPEndPoint endPoint, string cameraName)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        if (!DemoCameraTarget.IsValidName(cameraName))
        {
            throw new ArgumentException("A demo camera name is 1-64 characters of A-Z a-z 0-9 . _ - and does not start with a dot.", nameof(cameraName));
        }

        var host = endPoint.Address.Equals(IPAddress.Any) ? IPAddress.Loopback
            : endPoint.Address.Equals(IPAddress.IPv6Any) ? IPAddress.IPv6Loopback
            : endPoint.Address;
        return new Uri($"rtsp://{new IPEndPoint(host, endPoint.Port)}{DemoCameraTarget.PathPrefix}{cameraName}");
    }
}
