using System.Net.Security;

namespace SecureStream.Media.Rtsp;

/// <summary>How the gateway talks to one camera.</summary>
internal sealed class RtspClientOptions
{
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long any one request may wait for its response.</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public RtspTransportMode Transport { get; set; } = RtspTransportMode.Tcp;

    /// <summary>
    /// Who reads camera connections: by default one shared receive thread of the gateway's own
    /// (Linux, plain TCP), so a camera's burst wakes one thread; <c>Async</c> reads each connection
    /// through the runtime's sockets, as every RTSPS connection and every other system does.
    /// </summary>
    public RtspReceiveMode ReceiveMode { get; set; } = RtspReceiveMode.Auto;

    /// <summary>With UDP: no RTP packet this long after PLAY → TEARDOWN and start again over TCP.</summary>
    public TimeSpan UdpNoPacketTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Basic authentication sends the password readable by anyone on the path, so it is refused
    /// over plain TCP unless this camera's configuration says otherwise. Over RTSPS it is allowed.
    /// </summary>
    public bool AllowBasicOverPlainText { get; set; }

    public string UserAgent { get; set; } = "SecureStream";

    /// <summary>RTCP receiver reports (RFC 3550 §6.2): some cameras stop sending without them.</summary>
    public TimeSpan ReceiverReportInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Keyframe requests (RTCP PLI or FIR) sent when a pull starts, so the first picture does not
    /// wait for the camera's next scheduled keyframe; cameras that ignore them are unaffected.
    /// </summary>
    public RtspKeyframeRequestMode KeyframeRequest { get; set; } = RtspKeyframeRequestMode.Pli;

    /// <summary>No keyframe this long after a start-up request → ask again (a lost request, or a slow encoder).</summary>
    public TimeSpan KeyframeRequestRetryInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Start-up requests sent at most, the first included, before waiting for the camera's own keyframe.</summary>
    public int KeyframeRequestAttempts { get; set; } = 3;

    /// <summary>
    /// A viewer joining a running pull that keeps no keyframe asks the camera again at most this
    /// often, so viewers cannot make the camera re-encode at will.
    /// </summary>
    public TimeSpan KeyframeRequestMinInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Redirects followed, each only to the camera's own host.</summary>
    public int MaxRedirects { get; set; } = 3;

    /// <summary>RTSPS: checks the camera's certificate; null means the platform's chain validation.</summary>
    public RemoteCertificateValidationCallback? ServerCertificateValidation { get; set; }
}
