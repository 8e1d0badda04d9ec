using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SecureStream.Media.Frames;
using SecureStream.Media.Rtsp;

namespace SecureStream.Media.Sources;

/// <summary>
/// Makes the pull for a camera URL: rtsp:// and rtsps:// through the RTSP client, credentials
/// taken from the URL's userinfo (and stripped from what the session logs).
/// </summary>
internal sealed class CameraSourceFactory(IOptions<RtspClientOptions> options, TimeProvider time, ILoggerFactory loggers) : ICameraSourceFactory
{
    public ICameraSource Create(Uri url) => Create(url, null);

    public ICameraSource Create(Uri url, Action? keyframeRequested)
    {
        if (url.Scheme is not ("rtsp" or "rtsps"))
        {
            throw new CameraSourceException("unsupported_scheme", "camera URLs must be rtsp:// or rtsps://");
        }

        return new RtspCameraSource(url, RtspCredentials.FromUri(url), options.Value, time, loggers.CreateLogger<RtspCameraSource>(), keyframeRequested);
    }
}
