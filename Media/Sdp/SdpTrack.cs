using SecureStream.Media.Frames;

namespace SecureStream.Media.Sdp;

/// <summary>
/// What one media section means to the gateway: codec, clock, parameter sets. A track whose
/// parameters are broken (bad base64 parameter sets, say) is kept but marked invalid, so one bad
/// track never costs the whole camera.
/// </summary>
/// <param name="MediaIndex">Index of the media section in the description.</param>
/// <param name="Kind">Video or audio; null for other media (application, text…), which is not pulled.</param>
/// <param name="ParameterSets">H.264 SPS/PPS or H.265 VPS/SPS/PPS from the SDP, without start codes.</param>
/// <param name="InvalidReason">Null when the track is usable; else a short reason code.</param>
internal sealed record SdpTrack(
    int MediaIndex,
    TrackKind? Kind,
    MediaCodec Codec,
    int PayloadType,
    int ClockRate,
    int Channels,
    string? Control,
    IReadOnlyList<ReadOnlyMemory<byte>> ParameterSets,
    string? InvalidReason)
{
    /// <summary>H.264 <c>packetization-mode</c> (RFC 6184 §8.1); 0 when absent.</summary>
    /// <summary>The <c>a=rtpmap</c> encoding name as written (or the static payload type's name).</summary>
    public string EncodingName { get; init; } = string.Empty;

    /// <summary>The <c>a=fmtp</c> parameters, split into names and raw values (names case-insensitive).</summary>
    public IReadOnlyDictionary<string, string> FormatParameters { get; init; } = new Dictionary<string, string>();

    public int PacketizationMode { get; init; }

    /// <summary>H.264 <c>profile-level-id</c>, six lower-case hex digits, when given.</summary>
    public string? ProfileLevelId { get; init; }

    /// <summary>AAC <c>mode</c> (RFC 3640 §4.1), e.g. <c>AAC-hbr</c>.</summary>
    public string? AacMode { get; init; }

    /// <summary>
    /// The AAC <c>config</c> parameter, hex-decoded: the AudioSpecificConfig for <c>mpeg4-generic</c>
    /// (RFC 3640 §4.1), the StreamMuxConfig around it for <c>MP4A-LATM</c> (RFC 6416 §7.1, read by
    /// Media/Codecs/Audio/LatmFormat).
    /// </summary>
    public ReadOnlyMemory<byte> AacConfig { get; init; }

    public bool IsValid => InvalidReason is null;

    /// <summary>The frame contract's description of this track, numbered <paramref name="trackId"/>.</summary>
    public TrackDescription ToTrackDescription(int trackId) =>
        new(trackId, Kind ?? TrackKind.Video, Codec, ClockRate, Channels, ParameterSets) { Profile = ProfileLevelId };
}
