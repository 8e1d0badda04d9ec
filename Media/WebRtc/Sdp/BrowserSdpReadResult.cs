using System.Diagnostics.CodeAnalysis;

namespace SecureStream.Media.WebRtc.Sdp;

/// <summary>A browser description, or the reason (a <see cref="BrowserSdpFailure"/> code) it was refused.</summary>
internal sealed record BrowserSdpReadResult(BrowserSessionDescription? Description, string? Reason)
{
    [MemberNotNullWhen(true, nameof(Description))]
    [MemberNotNullWhen(false, nameof(Reason))]
    public bool IsValid => Description is not null;

    public static BrowserSdpReadResult Valid(BrowserSessionDescription description) => new(description, null);

    public static BrowserSdpReadResult Invalid(string reason) => new(null, reason);
}
