namespace SecureStream.DemoCameras;

/// <summary>
/// A clip as clips/make-clips.sh encodes it: the embedded video (Annex-B H.264) and audio (raw
/// PCMU) resources and the picture size and frame rate the script asked for.
/// </summary>
/// <param name="InRotation">Whether camera names that match no clip may be mapped onto it (clips with long keyframe intervals are only served by name).</param>
internal sealed record DemoClipSpec(
    string Name,
    string VideoResource,
    string AudioResource,
    int Width,
    int Height,
    int FrameRate,
    bool InRotation);
