namespace SecureStream.Proxy.RequestShape;

/// <summary>Which signalling route a request target addresses (docs/playback.md).</summary>
internal enum SignallingKind
{
    /// <summary><c>GET /{app}/{stream}</c>: the OME WebSocket signalling (an upgrade request).</summary>
    WebSocket,

    /// <summary><c>POST /{app}/{stream}/whep</c> or <c>POST /{app}/{stream}?direction=whep</c>: a WHEP offer.</summary>
    WhepOffer,

    /// <summary><c>PATCH</c> or <c>DELETE /{app}/{stream}/whep/{resourceId}</c>: trickle ICE or hang-up on a WHEP session.</summary>
    WhepResource,

    /// <summary><c>OPTIONS</c> on a WHEP path (offer endpoint or session resource): CORS preflight.</summary>
    WhepOptions,

    /// <summary><c>GET /{app}/{stream}/snapshot.jpg</c>: a JPEG of the camera's latest keyframe (docs/snapshots.md), admitted like playback.</summary>
    Snapshot,
}
