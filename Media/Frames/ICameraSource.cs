namespace SecureStream.Media.Frames;

/// <summary>
/// One pull from one camera URL (an RTSP session, or a demo clip). Started once; disposing it
/// stops the pull (TEARDOWN) and releases the connection.
/// </summary>
internal interface ICameraSource : IAsyncDisposable
{
    /// <summary>
    /// Connects and starts the flow of frames into <paramref name="sink"/>; returns the tracks once
    /// the camera has described them. Throws <see cref="CameraSourceException"/> when the camera
    /// cannot be pulled (the reason code says why).
    /// </summary>
    Task<IReadOnlyList<TrackDescription>> StartAsync(IFrameSink sink, CancellationToken cancellationToken);

    /// <summary>
    /// Asks the camera for a keyframe now, for a viewer that joined a running pull keeping none.
    /// Never blocks; the source limits how often it asks. False when it did not ask (not supported,
    /// turned off, too soon after the last request, or its start-up request is still unanswered).
    /// </summary>
    bool RequestKeyframe() => false;
}
