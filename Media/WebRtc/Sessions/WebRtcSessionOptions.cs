namespace SecureStream.Media.WebRtc.Sessions;

/// <summary>WebRTC session settings, bound from configuration section <see cref="Section"/>.</summary>
/// <remarks>Part of the origin's face (docs/architecture.md, "The origin's face"): the management API shows <see cref="ConnectTimeout"/> as OME's application timeout.</remarks>
public sealed class WebRtcSessionOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "WebRtc:Sessions";

    /// <summary>How long the browser has, from the answer, to pass an ICE check; then the session ends with <c>consent_lost</c>.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the selected pair may go without a verified check (RFC 7675 §5.1: 30 s); then <c>consent_lost</c>.</summary>
    public TimeSpan ConsentTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often RTCP sender reports go out (browsers use about 1 s, so lip sync settles quickly).</summary>
    public TimeSpan SenderReportInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Media time of sent packets each camera track keeps for answering NACKs (at least 64 packets,
    /// at most 512); a NACK for an older packet is a miss. A NACK comes one round trip after the
    /// loss, so 1 s covers round trips well beyond a browser's; every second kept is a second of
    /// the camera's packets held in memory per pulled track.
    /// </summary>
    public TimeSpan RetransmissionWindow { get; set; } = TimeSpan.FromSeconds(1);
}
