namespace SecureStream.Media.WebRtc.Sdp;

/// <summary>The <c>a=setup</c> value (RFC 4145 §4, RFC 8842 §5).</summary>
internal enum DtlsSetupRole
{
    ActPass,
    Active,
    Passive,
}
