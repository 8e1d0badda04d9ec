namespace SecureStream.Media.WebRtc.Dtls;

/// <summary>Why an established DTLS session ended: a closed list of short, stable codes.</summary>
internal static class DtlsEndReasons
{
    /// <summary>The peer sent an authenticated close_notify alert (RFC 5246 §7.2.1).</summary>
    public const string CloseNotify = "close_notify";

    /// <summary>The peer sent an authenticated fatal alert (RFC 5246 §7.2).</summary>
    public const string FatalAlert = "fatal_alert";

    /// <summary>The DTLS layer failed on our side (a send failed, an internal error).</summary>
    public const string TransportError = "transport_error";

    /// <summary>We closed the session (hang-up, expiry, kick, shutdown).</summary>
    public const string LocalClose = "local_close";
}
