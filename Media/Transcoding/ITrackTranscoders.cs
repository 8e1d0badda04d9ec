using SecureStream.Media.Frames;
using SecureStream.Media.Streams;

namespace SecureStream.Media.Transcoding;

/// <summary>
/// What a viewer session asks of transcoding: whether a camera track can be turned into a codec
/// the viewer decodes, what the resulting track looks like, and a share of the one transcoder per
/// pull, source track and target codec that every viewer needing it uses.
/// </summary>
/// <remarks>
/// A transcoded track has its own track id (<see cref="TranscodedTrackIds.Of"/>) so a viewer's
/// subscription can take the camera's other tracks as they are and this one from the transcoder.
/// </remarks>
internal interface ITrackTranscoders
{
    /// <summary>
    /// Null when <paramref name="source"/> can be turned into <paramref name="target"/> here; else a
    /// short reason code (transcoding switched off, the conversion not offered, no capacity left).
    /// </summary>
    string? CannotProduce(TrackDescription source, MediaCodec target);

    /// <summary>The track a viewer receives when <paramref name="source"/> is transcoded to <paramref name="target"/>.</summary>
    TrackDescription Describe(TrackDescription source, MediaCodec target);

    /// <summary>
    /// Joins the transcoder of (<paramref name="pull"/>, <paramref name="source"/>,
    /// <paramref name="target"/>), starting it for its first viewer with its own camera
    /// subscription from <paramref name="subscribeCamera"/>. Its frames are offered to
    /// <paramref name="viewer"/> until the returned lease is disposed; the last lease stops the
    /// transcoder.
    /// </summary>
    ValueTask<IAsyncDisposable> JoinAsync(
        PullKey pull,
        TrackDescription source,
        MediaCodec target,
        StreamSubscription viewer,
        Func<CancellationToken, ValueTask<StreamSubscription>> subscribeCamera,
        CancellationToken cancellationToken);
}
