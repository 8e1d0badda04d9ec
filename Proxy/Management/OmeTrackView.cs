using System.Globalization;
using System.Text.Json.Serialization;
using SecureStream.Media.Frames;

namespace SecureStream.Proxy.Management;

/// <summary>
/// One track in OME's shape (<c>{"id","type":"Video"|"Audio","video":{…}}</c> or <c>"audio":{…}</c>),
/// as OME's stream info lists it under <c>input.tracks</c> and <c>outputs[].tracks</c>. The gateway
/// passes tracks through, so an output track is its input track with <c>bypass</c> true; figures the
/// gateway does not measure (bit rate, frame rate) are 0, in OME's types (bit rate is a string).
/// </summary>
internal sealed record OmeTrackView(
    [property: JsonPropertyName("id")] int Id,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("video"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] OmeVideoView? Video,
    [property: JsonPropertyName("audio"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] OmeAudioView? Audio)
{
    public static OmeTrackView From(TrackDescription track, bool bypass) => track.Kind == TrackKind.Video
        ? new(track.TrackId, "Video", new OmeVideoView("0", bypass, CodecName(track.Codec), 0.0, track.Height ?? 0, track.Width ?? 0), null)
        : new(track.TrackId, "Audio", null, new OmeAudioView("0", bypass, Math.Max(1, track.Channels), CodecName(track.Codec), track.ClockRate));

    /// <summary>OME's codec names (<c>H264</c>, <c>H265</c>, <c>OPUS</c>, <c>AAC</c>, <c>PCMU</c>, <c>PCMA</c>).</summary>
    private static string CodecName(MediaCodec codec) => codec.ToString().ToUpper(CultureInfo.InvariantCulture);
}
