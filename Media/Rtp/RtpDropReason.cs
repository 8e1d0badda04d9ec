namespace SecureStream.Media.Rtp;

/// <summary>
/// Why the receive path dropped something. The data plane never logs per packet (docs/architecture.md, the data plane): it
/// counts by reason in <see cref="RtpTrackCounters"/> and whoever owns the stream reports the
/// counts once per interval. Values are stable (they index the counter array).
/// </summary>
internal enum RtpDropReason
{
    /// <summary>RTP header lengths do not add up (RFC 3550 §5.1). Counts packets.</summary>
    MalformedRtp = 0,

    /// <summary>A payload type the track was not set up for. Counts packets.</summary>
    UnexpectedPayloadType,

    /// <summary>Same sequence number as the newest packet. Counts packets.</summary>
    Duplicate,

    /// <summary>Arrived behind newer packets (no reorder buffer here). Counts packets.</summary>
    Late,

    /// <summary>An unconfirmed large sequence jump (RFC 3550 A.1). Counts packets.</summary>
    SequenceJump,

    /// <summary>The payload is empty, truncated or its inner lengths do not add up (STAP-A, AP, AU headers). Counts packets.</summary>
    MalformedPayload,

    /// <summary>A packetization this receiver does not implement (STAP-B, MTAP, FU-B, PACI, DONL, fragmented AAC). Counts packets.</summary>
    UnsupportedPacketization,

    /// <summary>A fragment (FU-A, H.265 FU) that continues a fragment whose start never arrived. Counts packets.</summary>
    FragmentWithoutStart,

    /// <summary>An access unit with a missing or interleaved fragment or packet, dropped whole. Counts access units.</summary>
    IncompleteAccessUnit,

    /// <summary>An access unit over the size or unit-count limit, dropped whole. Counts access units.</summary>
    OversizedAccessUnit,

    /// <summary>A parameter set (in-band or SDP) that is malformed, oversized or bad base64; not used. Counts parameter sets.</summary>
    MalformedParameterSet,

    /// <summary>An RTCP compound packet whose lengths do not add up (RFC 3550 §6.4.1, A.2). Counts compound packets.</summary>
    MalformedRtcp,

    /// <summary>A packet from an SSRC other than the track's current source, not (yet) confirmed as its successor. Counts packets.</summary>
    UnexpectedSsrc,
}
