using System.Diagnostics.CodeAnalysis;

namespace SecureStream.Media.WebRtc.Sdp;

/// <summary>The camera tracks a browser can take (at least one), or <see cref="BrowserSdpFailure.NoCommonCodec"/>.</summary>
internal sealed record CodecMatchResult(IReadOnlyList<NegotiatedTrack> Tracks, string? Reason)
{
    [MemberNotNullWhen(false, nameof(Reason))]
    public bool IsMatched => Reason is null;

    public static CodecMatchResult Matched(IReadOnlyList<NegotiatedTrack> tracks) => new(tracks, null);

    public static CodecMatchResult Failed(string reason) => new([], reason);
}
