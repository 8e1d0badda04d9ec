namespace SecureStream.Media.Origin;

/// <summary>
/// Why the origin refused signalling: an HTTP-like status and a short, stable reason code. Sent as
/// <c>application/problem+json</c> (WHEP) or <c>{"code","error"}</c> (OME WebSocket); never a
/// camera URL, a secret or a stack trace.
/// </summary>
internal sealed record OriginRefusal(int Status, string Reason)
{
    public static readonly OriginRefusal TicketMissing = new(401, "ticket_missing");
    public static readonly OriginRefusal TicketInvalid = new(401, "ticket_invalid");
    public static readonly OriginRefusal CameraNotFound = new(404, "camera_not_found");
    public static readonly OriginRefusal SessionNotFound = new(404, "session_not_found");
    public static readonly OriginRefusal SessionExists = new(409, "session_exists");
    public static readonly OriginRefusal UnsupportedMediaType = new(415, "unsupported_media_type");
    public static readonly OriginRefusal OfferTooLarge = new(413, "offer_too_large");
    public static readonly OriginRefusal ShuttingDown = new(503, "origin_shutting_down");

    /// <summary>The media port is not bound (taken when the host started; retried in the background): no session could carry media.</summary>
    public static readonly OriginRefusal MediaPortUnbound = new(503, "media_port_unbound");

    /// <summary>A forwarded parameter names one the camera URL already has; refused before any camera contact.</summary>
    public static readonly OriginRefusal ForwardParamConflict = new(400, "forward_param_conflict");

    /// <summary>The camera already has the most pulls with different forwarded parameters (<c>StreamHub.MaxVariantsPerCamera</c>).</summary>
    public static readonly OriginRefusal VariantLimit = new(429, Streams.StreamEndReasons.VariantLimit);

    /// <summary>The camera's stream could not be started (<c>start_timeout</c>, <c>camera_unreachable</c>, …): worth retrying.</summary>
    public static OriginRefusal StreamUnavailable(string streamReason) => new(503, streamReason);

    /// <summary>A transcoder the viewer's tracks need could not be joined (its camera share could not start, the transcoder failed); worth retrying.</summary>
    public static readonly OriginRefusal TranscoderUnavailable = new(503, "transcoder_unavailable");

    /// <summary>
    /// A well-formed offer under which no camera track can be sent (<c>no_common_codec</c>,
    /// <c>transcoding_disabled</c>, a transcoder's reason): 406, but 503 (retry) when only the
    /// transcoders' capacity stood in the way.
    /// </summary>
    public static OriginRefusal Unplayable(string reason) => new(reason == Transcoding.TranscodingReasons.Capacity ? 503 : 406, reason);

    /// <summary>A refused session: <see cref="Unplayable"/> or <see cref="BadSdp"/>.</summary>
    public static OriginRefusal Of(WebRtc.Sessions.WebRtcSessionCreateResult created)
    {
        ArgumentNullException.ThrowIfNull(created);
        return created.IsUnplayable ? Unplayable(created.Reason!) : BadSdp(created.Reason!);
    }

    /// <summary>The viewer's SDP was refused (a <see cref="WebRtc.Sdp.BrowserSdpFailure"/> code).</summary>
    public static OriginRefusal BadSdp(string sdpReason) => new(sdpReason == WebRtc.Sdp.BrowserSdpFailure.NoCommonCodec ? 406 : 400, sdpReason);
}
