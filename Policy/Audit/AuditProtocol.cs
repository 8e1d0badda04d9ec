namespace SecureStream.Policy.Audit;

/// <summary>The signalling protocol of a request; written as <c>webrtc-ws</c>, <c>whep</c> or <c>snapshot</c>.</summary>
internal enum AuditProtocol
{
    /// <summary>Not known (e.g. the request was refused before the protocol was recognised).</summary>
    Unknown = 0,

    /// <summary>OvenPlayer's WebSocket signalling.</summary>
    WebRtcWs,

    /// <summary>WHEP (HTTP offer/answer).</summary>
    Whep,

    /// <summary>A snapshot (<c>GET /{app}/{stream}/snapshot.jpg</c>): one JPEG, admitted like playback.</summary>
    Snapshot,
}
