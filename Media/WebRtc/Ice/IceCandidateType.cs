namespace SecureStream.Media.WebRtc.Ice;

/// <summary>The type a remote candidate declares (RFC 8445 §5.1.1; <c>typ</c> in RFC 8839 §5.1).</summary>
internal enum IceCandidateType
{
    Host,
    ServerReflexive,
    PeerReflexive,
    Relay,
}
