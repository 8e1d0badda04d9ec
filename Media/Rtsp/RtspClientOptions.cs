using System.Net.Security;

namespace SecureStream.Media.Rtsp;

/// <summary>How the gateway talks to one camera.</summary>
internal sealed class RtspClientOptions
{
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long any one request may wait for its response.</summary>
    public TimeSpan ResponseTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public RtspTransportMode Transport { get; init; } = RtspTransportMode.Tcp;

    /// <summary>With UDP: no RTP packet this long after PLAY → TEARDOWN and start again over TCP.</summary>
    public TimeSpan UdpNoPacketTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Basic authentication sends the password readable by anyone on the path, so it is refused
    /// over plain TCP unless this camera's configuration says otherwise. Over RTSPS it is allowed.
    /// </summary>
    public bool AllowBasicOverPlainText { get; init; }

    public string UserAgent { get; init; } = "SecureStream";

    /// <summary>RTCP receiver reports (RFC 3550 §6.2): some cameras stop sending without them.</summary>
    public TimeSpan ReceiverReportInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Redirects followed, each only to the camera's own host.</summary>
    public int MaxRedirects { get; init; } = 3;

    /// <summary>RTSPS: checks the camera's certificate; null means the platform's chain validation.</summary>
    public RemoteCertificateValidationCallback? ServerCertificateValidation { get; init; }
}
