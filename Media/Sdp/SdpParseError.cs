namespace SecureStream.Media.Sdp;

/// <summary>Why a session description was refused.</summary>
internal enum SdpParseError
{
    None = 0,
    TooLarge,
    NotUtf8,
    ControlCharacter,
    MissingVersion,
    BadLine,
    BadMediaLine,
    BadRtpMap,
    TooManyMediaSections,
    TooManyAttributes,
    TooManyFormats,
}
