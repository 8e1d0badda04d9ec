using System.Diagnostics.CodeAnalysis;

namespace SecureStream.Media.WebRtc.Sessions;

/// <summary>
/// A started session, or why the offer was refused: a <see cref="Sdp.BrowserSdpFailure"/> code, or
/// with <see cref="IsUnplayable"/> a well-formed offer under which no camera track can be sent
/// (<c>no_common_codec</c>, <c>transcoding_disabled</c>, a transcoder's reason).
/// </summary>
internal sealed record WebRtcSessionCreateResult(WebRtcSession? Session, string? Reason)
{
    /// <summary>The description was fine, but the viewer can play none of the camera's tracks.</summary>
    public bool IsUnplayable { get; private init; }

    [MemberNotNullWhen(true, nameof(Session))]
    [MemberNotNullWhen(false, nameof(Reason))]
    public bool IsCreated => Session is not null;

    public static WebRtcSessionCreateResult Created(WebRtcSession session) => new(session, null);

    public static WebRtcSessionCreateResult Refused(string reason) => new(null, reason);

    public static WebRtcSessionCreateResult Unplayable(string reason) => new(null, reason) { IsUnplayable = true };
}
