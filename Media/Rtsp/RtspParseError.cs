namespace SecureStream.Media.Rtsp;

/// <summary>Why bytes from a camera were refused. <see cref="None"/> with no result means "need more data".</summary>
internal enum RtspParseError
{
    None = 0,
    BadStatusLine,
    BadHeaderLine,
    LineTooLong,
    TooManyHeaderLines,
    NulByte,
    BadContentLength,
    ContentTooLarge,
}
