using System.Net;
using SecureStream.Policy.Access;

namespace SecureStream.Policy.SignedUrls;

/// <summary>What the front door knows about a request that carries a signed link.</summary>
/// <param name="Scheme"><c>ws</c>/<c>wss</c> for WebSocket signalling, <c>http</c>/<c>https</c> otherwise, by whether this server terminated TLS.</param>
/// <param name="HostHeader">The Host header exactly as sent.</param>
/// <param name="LocalPort">The port this server accepted the connection on (inserted into the signed string when the Host header has none).</param>
/// <param name="RawPath">The raw request path, starting with <c>/</c>, as the strict target parser accepted it.</param>
/// <param name="Query">The query pairs in request order, raw and decoded.</param>
/// <param name="PeerAddress">The TCP peer address (checked against <c>allow_ip</c>).</param>
/// <param name="ClientAddress">The real client address, already resolved by the front door from trusted proxies only (checked against <c>real_ip</c>).</param>
internal readonly record struct SignedUrlInput(
    string Scheme,
    string HostHeader,
    int LocalPort,
    string RawPath,
    IReadOnlyList<QueryPair> Query,
    IPAddress PeerAddress,
    IPAddress ClientAddress);
