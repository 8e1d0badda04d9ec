namespace SecureStream.Media.WebRtc.Sessions;

/// <summary>Why a <see cref="WebRtcSession"/> ended: a closed list of short, stable codes (audit and metrics tags).</summary>
public static class WebRtcSessionEndReasons
{
    /// <summary>ICE gave up on the browser: no verified check in time, or consent expired (RFC 7675).</summary>
    public const string ConsentLost = "consent_lost";

    /// <summary>The DTLS association ended (the browser's close_notify or fatal alert, or a transport error).</summary>
    public const string DtlsClosed = "dtls_closed";

    /// <summary>The DTLS handshake failed (wrong certificate, no common SRTP profile, timeout).</summary>
    public const string DtlsFailed = "dtls_failed";

    /// <summary>The session reached the deadline it was admitted with.</summary>
    public const string Deadline = "deadline";

    /// <summary>The camera's stream ended (camera down, tracks changed, removed, hub shutdown).</summary>
    public const string CameraEnded = "camera_ended";

    /// <summary>A bug on our side (logged as event 3903); the session could not go on.</summary>
    public const string InternalError = "internal_error";

    /// <summary>The owner disposed the session (hang-up, kick, shutdown).</summary>
    public const string Disposed = "disposed";
}
