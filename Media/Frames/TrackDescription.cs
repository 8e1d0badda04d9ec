namespace SecureStream.Media.Frames;

/// <summary>
/// One track of a camera as the source understood it (from the SDP and, for video, the SPS).
/// </summary>
/// <param name="TrackId">Index of the track within the source (0, 1, …), stable for the source's life.</param>
/// <param name="ClockRate">RTP clock rate (90000 for video, 8000 for PCMU/PCMA, 48000 for Opus).</param>
/// <param name="ParameterSets">Video parameter sets (H.264 SPS, PPS; H.265 VPS, SPS, PPS) without start codes, or for AAC its AudioSpecificConfig (from RFC 3640 and RFC 6416 alike); empty when unknown.</param>
/// <remarks>Part of the origin's face (docs/architecture.md, "The origin's face"): the management API shows a pulled camera's tracks (in <see cref="Cameras.CameraStatisticsSnapshot"/>).</remarks>
public sealed record TrackDescription(
    int TrackId,
    TrackKind Kind,
    MediaCodec Codec,
    int ClockRate,
    int Channels,
    IReadOnlyList<ReadOnlyMemory<byte>> ParameterSets)
{
    public int? Width { get; init; }

    public int? Height { get; init; }

    /// <summary>Codec profile as WebRTC names it, e.g. H.264 <c>profile-level-id</c> <c>42e01f</c>.</summary>
    public string? Profile { get; init; }
}
