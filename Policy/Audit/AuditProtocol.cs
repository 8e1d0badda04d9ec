namespace SecureStream.Policy.Audit;

/// <summary>The signalling protocol of a request; written as <c>webrtc-ws</c> or <c>whep</c>.</summary>
internal enum AuditProtocol
{
    /// <summary>Not known (e.g. the request was refused before the protocol was recognised).</summary>
    Unknown = 0,

    /// <summary>OvenPlayer's WebSocket signalling.</summary>
    WebRtcWs,

    /// <summary>WHEP (HTTP offer/answer).</summary>
    Whep,
}
