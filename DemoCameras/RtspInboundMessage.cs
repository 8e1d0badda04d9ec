namespace SecureStream.DemoCameras;

/// <summary>
/// What a client sent: a request, or an interleaved binary frame (RFC 2326 §10.12: <c>$</c>,
/// channel, 16-bit length, data), typically an RTCP receiver report, which is read past.
/// </summary>
internal readonly record struct RtspInboundMessage(RtspRequest? Request, int InterleavedChannel, int InterleavedLength);
