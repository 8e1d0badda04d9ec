using System.Diagnostics.CodeAnalysis;

namespace SecureStream.Media.WebRtc.Sdp;

/// <summary>An offer, or <see cref="BrowserSdpFailure.NoCommonCodec"/> (or a transcoding reason) when the camera has no track WebRTC can carry (AAC only without transcoding, say).</summary>
internal sealed record OmeOfferResult(OmeOffer? Offer, string? Reason)
{
    [MemberNotNullWhen(true, nameof(Offer))]
    [MemberNotNullWhen(false, nameof(Reason))]
    public bool IsValid => Offer is not null;
}
