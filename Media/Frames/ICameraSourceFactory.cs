namespace SecureStream.Media.Frames;

/// <summary>Makes a source for a camera URL (rtsp://, rtsps://, demo://).</summary>
internal interface ICameraSourceFactory
{
    ICameraSource Create(Uri url);

    /// <summary>
    /// Makes a source for one camera's pull; <paramref name="keyframeRequested"/> is called each
    /// time the source asks the camera for a keyframe (the per-camera metric).
    /// </summary>
    ICameraSource Create(Uri url, Action keyframeRequested) => Create(url);
}
