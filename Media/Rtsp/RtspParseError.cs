namespace SecureStream.Media.Rtsp;

/// <summary>Why bytes from a peer were refused. <see cref="None"/> with no result means "need more data".</summary>
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

    /// <summary>A request's first line is not <c>Method SP Request-URI SP RTSP/1.0</c>.</summary>
    BadRequestLine,

    /// <summary>A request without <c>CSeq</c>.</summary>
    MissingCSeq,

    /// <summary>A request with a <c>CSeq</c> that is not a number of at most 9 digits, or with two.</summary>
    BadCSeq,
}
