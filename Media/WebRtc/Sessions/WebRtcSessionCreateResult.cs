using System.Diagnostics.CodeAnalysis;

namespace SecureStream.Media.WebRtc.Sessions;

/// <summary>A started session, or why the offer was refused (a <see cref="Sdp.BrowserSdpFailure"/> code).</summary>
internal sealed record WebRtcSessionCreateResult(WebRtcSession? Session, string? Reason)
{
    [MemberNotNullWhen(true, nameof(Session))]
    [MemberNotNullWhen(false, nameof(Reason))]
    public bool IsCreated => Session is not null;

    public static WebRtcSessionCreateResult Created(WebRtcSession session) => new(session, null);

    public static WebRtcSessionCreateResult Refused(string reason) => new(null, reason);
}
