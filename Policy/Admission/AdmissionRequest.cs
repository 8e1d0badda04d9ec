namespace SecureStream.Policy.Admission;

/// <summary>
/// What the front door knows about a viewer when it asks the webhook for an <c>opening</c>
/// decision. Values are written into the JSON body escaped; nothing here is logged.
/// </summary>
/// <param name="ClientAddress">The TCP peer address.</param>
/// <param name="ClientPort">The TCP peer port.</param>
/// <param name="RealIp">The client's real address when a trusted proxy named one; otherwise null (the key is then left out).</param>
/// <param name="UserAgent">The User-Agent as sent; null when the client sent none (the key is then left out).</param>
/// <param name="Url">The rebuilt request URL, policy and signature included, as OME sends it.</param>
/// <param name="Time">When the request arrived; written with milliseconds and a numeric offset.</param>
/// <param name="TraceParent">
/// The <c>traceparent</c> header to send instead of the one .NET's HTTP client would add: the
/// viewer's trace continued by the gateway (docs/webhooks.md); null = the gateway's own trace.
/// Not part of the body or of the signature.
/// </param>
internal sealed record AdmissionRequest(
    string ClientAddress,
    int ClientPort,
    string? RealIp,
    string? UserAgent,
    string Url,
    DateTimeOffset Time,
    string? TraceParent = null);
