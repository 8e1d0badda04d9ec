namespace SecureStream.Policy.Access;

/// <summary>
/// Which of a camera's streams a viewer plays (docs/cameras.md "Substreams"): the main stream or
/// the lower-quality substream most NVRs offer. Chosen at the gate with <c>?rendition=</c>, carried
/// to the origin in the internal ticket, never forwarded to the camera.
/// </summary>
public enum CameraRendition
{
    /// <summary>The camera's <c>urls</c>: the default.</summary>
    Main,

    /// <summary>The camera's <c>substreamUrls</c>; the main stream when the camera has none.</summary>
    Sub,
}
