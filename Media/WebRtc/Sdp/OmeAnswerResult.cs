using System.Diagnostics.CodeAnalysis;

namespace SecureStream.Media.WebRtc.Sdp;

/// <summary>The browser's answer to our OME offer and the tracks it accepted, or the reason it was refused.</summary>
internal sealed record OmeAnswerResult(BrowserSessionDescription? Answer, IReadOnlyList<NegotiatedTrack> Accepted, string? Reason)
{
    [MemberNotNullWhen(true, nameof(Answer))]
    [MemberNotNullWhen(false, nameof(Reason))]
    public bool IsValid => Answer is not null;

    public static OmeAnswerResult Invalid(string reason) => new(null, [], reason);
}
