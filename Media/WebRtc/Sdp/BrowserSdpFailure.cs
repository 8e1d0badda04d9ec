namespace SecureStream.Media.WebRtc.Sdp;

/// <summary>Short, stable reason codes for refused browser descriptions and failed negotiations (logged and counted, never the SDP itself).</summary>
internal static class BrowserSdpFailure
{
    public const string OfferTooLarge = "offer_too_large";
    public const string AnswerTooLarge = "answer_too_large";
    public const string NotUtf8 = "not_utf8";
    public const string ControlCharacter = "control_character";
    public const string Malformed = "malformed_sdp";
    public const string TooManyMediaSections = "too_many_media_sections";
    public const string TooManyAttributes = "too_many_attributes";
    public const string TooManyFormats = "too_many_formats";
    public const string NoMedia = "no_media";
    public const string MissingMid = "missing_mid";
    public const string BadMid = "bad_mid";
    public const string DuplicateMid = "duplicate_mid";
    public const string NotBundled = "not_bundled";
    public const string BadBundleGroup = "bad_bundle_group";
    public const string NoRtcpMux = "no_rtcp_mux";
    public const string NoIceCredentials = "no_ice_credentials";
    public const string BadIceCredentials = "bad_ice_credentials";
    public const string InconsistentIceCredentials = "inconsistent_ice_credentials";
    public const string NoFingerprint = "no_fingerprint";
    public const string UnsupportedFingerprint = "unsupported_fingerprint";
    public const string BadFingerprint = "bad_fingerprint";
    public const string InconsistentFingerprint = "inconsistent_fingerprint";
    public const string NoDtlsSetup = "no_dtls_setup";
    public const string BadDtlsSetup = "bad_dtls_setup";
    public const string MidMismatch = "mid_mismatch";
    public const string NoCommonCodec = "no_common_codec";

    /// <summary>A track would play transcoded, but this gateway has no transcoding (switched off, or none registered).</summary>
    public const string TranscodingDisabled = Transcoding.TranscodingReasons.Disabled;
}
