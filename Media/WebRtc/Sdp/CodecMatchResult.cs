using System.Diagnostics.CodeAnalysis;

namespace SecureStream.Media.WebRtc.Sdp;

/// <summary>
/// The tracks a viewer gets (at least one), with the camera tracks left out and why; or, when no
/// track at all can be sent, the reason (<see cref="BrowserSdpFailure.NoCommonCodec"/> or a transcoding code).
/// </summary>
internal sealed record CodecMatchResult(IReadOnlyList<NegotiatedTrack> Tracks, IReadOnlyList<LeftOutTrack> LeftOut, string? Reason)
{
    [MemberNotNullWhen(false, nameof(Reason))]
    public bool IsMatched => Reason is null;

    public static CodecMatchResult Matched(IReadOnlyList<NegotiatedTrack> tracks, IReadOnlyList<LeftOutTrack> leftOut) => new(tracks, leftOut, null);

    public static CodecMatchResult Failed(string reason, IReadOnlyList<LeftOutTrack> leftOut) => new([], leftOut, reason);
}
