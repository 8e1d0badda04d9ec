namespace SecureStream.Media.Sdp;

/// <summary>
/// One media section (RFC 8866 §5.14): the <c>m=</c> line and the attributes this client reads.
/// </summary>
/// <param name="Media">The media type as written (<c>video</c>, <c>audio</c>, <c>application</c>…).</param>
/// <param name="Formats">Payload types of the <c>m=</c> line, in order of preference.</param>
/// <param name="Control">The <c>a=control</c> value (RFC 2326 §C.1.1), unresolved; null when absent.</param>
/// <param name="FormatParameters">The raw <c>a=fmtp</c> value per payload type.</param>
internal sealed record SdpMediaDescription(
    string Media,
    int Port,
    string Protocol,
    IReadOnlyList<int> Formats,
    string? Control,
    IReadOnlyDictionary<int, SdpRtpMap> RtpMaps,
    IReadOnlyDictionary<int, string> FormatParameters)
{
    /// <summary>Every <c>a=</c> line of the section in order, bounded by the parser's per-section attribute limit.</summary>
    public IReadOnlyList<SdpAttribute> Attributes { get; init; } = [];
}
