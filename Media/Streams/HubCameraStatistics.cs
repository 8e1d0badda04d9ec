using SecureStream.Media.Cameras;
using SecureStream.Media.Frames;
using SecureStream.Policy.Access;

namespace SecureStream.Media.Streams;

/// <summary>
/// What the management API shows for a camera (state, tracks, bytes in, subscribers, which source
/// by index and its latest failure), read from
/// the stream hub. A camera nobody watches is simply idle: it has no stream and costs nothing.
/// </summary>
internal sealed class HubCameraStatistics(StreamHub hub) : ICameraStatistics
{
    public IReadOnlyList<CameraPath> Pulled() => [.. hub.GetAll().Select(stream => stream.Camera).Distinct()];

    public CameraStatisticsSnapshot? Get(CameraPath camera)
    {
        if (hub.GetStatistics(camera) is not { } stream)
        {
            return null;
        }

        var tracks = new List<TrackDescription>(2);
        if (stream.VideoCodec is { } video)
        {
            tracks.Add(new TrackDescription(0, TrackKind.Video, video, 90000, 0, []) { Width = stream.Width, Height = stream.Height });
        }

        if (stream.AudioCodec is { } audio)
        {
            tracks.Add(new TrackDescription(tracks.Count, TrackKind.Audio, audio, 0, 0, []));
        }

        return new CameraStatisticsSnapshot(
            stream.State.ToString().ToLowerInvariant(),
            tracks,
            stream.BytesIn,
            stream.LastInputAt,
            stream.Subscribers)
        {
            SourceIndex = stream.SourceUrlIndex,
            SourceCount = stream.SourceUrlCount,
            SourceConnected = stream.SourceConnected,
            LastFailure = stream.LastFailure,
            LastFailureAt = stream.LastFailureAt,
        };
    }
}
