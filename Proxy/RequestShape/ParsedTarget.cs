using SecureStream.Policy.Access;

namespace SecureStream.Proxy.RequestShape;

/// <summary>
/// A request target that passed the strict request-shape check. The gate authorises exactly
/// <see cref="Camera"/> and the router must serve exactly the same object: both are derived from
/// this one parse, never from a second, differently-normalising parser.
/// </summary>
/// <param name="Camera">The camera addressed, from names in the safe alphabet.</param>
/// <param name="Kind">The signalling route.</param>
/// <param name="RawPath">The path exactly as sent (no query); it contained no percent-encoding.</param>
/// <param name="ResourceId">The WHEP session resource id (22–64 base64url characters), or null when the route has none.</param>
/// <param name="Query">
/// Every query pair in order, raw and decoded. Includes the credential parameters and
/// <c>direction</c>: the OME signed string is computed over all raw pairs except <c>signature</c>.
/// </param>
internal sealed record ParsedTarget(
    CameraPath Camera,
    SignallingKind Kind,
    string RawPath,
    string? ResourceId,
    IReadOnlyList<QueryPair> Query);
