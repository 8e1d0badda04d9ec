namespace SecureStream.Media.Sdp;

/// <summary>A parsed camera session description: the session-level control URL and its media sections.</summary>
internal sealed record SessionDescription(string? Control, IReadOnlyList<SdpMediaDescription> Media)
{
    /// <summary>Every session-level <c>a=</c> line in order, bounded by the parser's per-section attribute limit.</summary>
    public IReadOnlyList<SdpAttribute> Attributes { get; init; } = [];
}
