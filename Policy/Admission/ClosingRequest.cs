namespace SecureStream.Policy.Admission;

/// <summary>
/// The <c>closing</c> notification for one admitted session. The first fields repeat the opening
/// request (OME receivers match on them); <see cref="SessionId"/>, <see cref="DurationMs"/> and
/// <see cref="BytesSent"/> are ours and travel inside <c>"request"</c>, where OME receivers ignore them.
/// </summary>
/// <param name="ClientAddress">The TCP peer address of the opening request.</param>
/// <param name="ClientPort">The TCP peer port of the opening request.</param>
/// <param name="RealIp">The real client address, when known.</param>
/// <param name="UserAgent">The User-Agent, when sent.</param>
/// <param name="Url">The URL of the opening request.</param>
/// <param name="NewUrl">The URL the webhook redirected the session to, if it did.</param>
/// <param name="Time">When the session ended.</param>
/// <param name="SessionId">The gateway's session id; closings of one id are delivered in order.</param>
/// <param name="DurationMs">How long the session lasted.</param>
/// <param name="BytesSent">Media bytes sent to the viewer.</param>
internal sealed record ClosingRequest(
    string ClientAddress,
    int ClientPort,
    string? RealIp,
    string? UserAgent,
    string Url,
    string? NewUrl,
    DateTimeOffset Time,
    string SessionId,
    long DurationMs,
    long BytesSent);
