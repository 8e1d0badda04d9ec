namespace SecureStream.Media.Rtp;

/// <summary>Why an RTCP compound packet was refused (RFC 3550 §6.4.1, §6.5, §6.6, §6.7, A.2).</summary>
internal enum RtcpError
{
    None = 0,
    Empty,
    TooShort,
    BadVersion,
    LengthPastEnd,
    BadPadding,
    BadSenderReport,
    BadReceiverReport,
    BadSourceDescription,
    BadGoodbye,
    BadApplication,
}
