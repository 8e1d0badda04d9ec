using SecureStream.Media.Frames;

namespace SecureStream.Media.Cameras;

/// <summary>One camera's live figures as the stream hub reports them.</summary>
/// <param name="State">The hub's state name: <c>idle</c>, <c>starting</c>, <c>ready</c>, <c>draining</c>.</param>
/// <param name="Tracks">The tracks the source described; empty until it is ready.</param>
/// <param name="BytesIn">Bytes received from the camera since the pull started.</param>
/// <param name="LastInputTime">When the last packet arrived; null before the first.</param>
/// <param name="Subscribers">Viewers attached to the pull.</param>
/// <remarks>
/// Part of the origin's face (docs/architecture.md, "The origin's face"): the management API's
/// stream and statistics views and the operator console read it. Security invariant: a source is
/// named by its index in the camera's URL list, never by its URL (which may hold credentials).
/// </remarks>
public sealed record CameraStatisticsSnapshot(
    string State,
    IReadOnlyList<TrackDescription> Tracks,
    long BytesIn,
    DateTimeOffset? LastInputTime,
    int Subscribers)
{
    /// <summary>0-based index of the URL being pulled (or about to be retried) in the camera's URL list.</summary>
    public int SourceIndex { get; init; }

    /// <summary>How many URLs the camera has (failover order).</summary>
    public int SourceCount { get; init; } = 1;

    /// <summary>The current source described its tracks and is not being replaced: media is flowing from it.</summary>
    public bool SourceConnected { get; init; }

    /// <summary>Reason code of the latest source failure (e.g. <c>no_input</c>, <c>connect_failed</c>); null when none failed.</summary>
    public string? LastFailure { get; init; }

    /// <summary>When <see cref="LastFailure"/> happened.</summary>
    public DateTimeOffset? LastFailureAt { get; init; }
}
