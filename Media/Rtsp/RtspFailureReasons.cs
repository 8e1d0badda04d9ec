namespace SecureStream.Media.Rtsp;

/// <summary>
/// Short, stable reason codes for a failed pull (the <see cref="Frames.CameraSourceException.Reason"/>
/// and the argument of <see cref="Frames.IFrameSink.OnSourceEnded"/>). Never a secret, never a URL.
/// </summary>
internal static class RtspFailureReasons
{
    public const string ConnectFailed = "connect_failed";
    public const string ConnectTimeout = "connect_timeout";
    public const string TlsFailed = "tls_failed";
    public const string ResponseTimeout = "response_timeout";
    public const string ConnectionClosed = "connection_closed";
    public const string ProtocolError = "protocol_error";
    public const string WrongCSeq = "wrong_cseq";
    public const string ForeignHost = "foreign_host";
    public const string TooManyRedirects = "too_many_redirects";
    public const string AuthRequired = "auth_required";
    public const string AuthUnsupported = "auth_unsupported";
    public const string AuthFailed = "auth_failed";
    public const string AuthDowngrade = "auth_downgrade";
    public const string BasicNotAllowed = "basic_not_allowed";
    public const string BadSdp = "bad_sdp";
    public const string NoTracks = "no_tracks";
    public const string BadTransport = "bad_transport";
    public const string Refused = "request_refused";
    public const string UnsafeRequest = "unsafe_request";
    public const string NotFound = "not_found";
    public const string NoInput = "no_input";
    public const string Closed = "closed";
}
