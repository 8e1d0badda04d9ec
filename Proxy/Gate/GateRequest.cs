using System.Net;

namespace SecureStream.Proxy.Gate;

/// <summary>
/// Everything the gate looks at, taken from the connection and the request as received. Built
/// once per request by <see cref="GateMiddleware"/>; the gate itself never touches HttpContext,
/// so it can be tested and benchmarked without a server.
/// </summary>
/// <param name="RawTarget">The request target exactly as sent (path and query, undecoded).</param>
/// <param name="Scheme">ws / wss / http / https: what this server terminated, as OME signs it.</param>
/// <param name="TraceId">The gateway's own trace id: the key of the request's audit records.</param>
/// <param name="ClientTrace">The viewer's well-formed <c>traceparent</c>, if it sent one: recorded and continued beside <paramref name="TraceId"/>, never instead of it.</param>
internal sealed record GateRequest(
    string RawTarget,
    string Method,
    string Scheme,
    string HostHeader,
    int LocalPort,
    IPAddress PeerAddress,
    int PeerPort,
    string? RealIpHeader,
    string? ForwardedForHeader,
    string? UserAgent,
    string? Authorization,
    long? ContentLength,
    string TraceId,
    ClientTraceParent? ClientTrace = null);
