using SecureStream.Media.Frames;

namespace SecureStream.Media.Cameras;

/// <summary>One camera's live figures as the stream hub reports them.</summary>
/// <param name="State">The hub's state name: <c>idle</c>, <c>starting</c>, <c>ready</c>, <c>draining</c>.</param>
/// <param name="Tracks">The tracks the source described; empty until it is ready.</param>
/// <param name="BytesIn">Bytes received from the camera since the pull started.</param>
/// <param name="LastInputTime">When the last packet arrived; null before the first.</param>
/// <param name="Subscribers">Viewers attached to the pull.</param>
/// <remarks>Part of the origin's face (docs/architecture.md, "The origin's face"): the management API's stream and statistics views read it.</remarks>
public sealed record CameraStatisticsSnapshot(
    string State,
    IReadOnlyList<TrackDescription> Tracks,
    long BytesIn,
    DateTimeOffset? LastInputTime,
    int Subscribers);
