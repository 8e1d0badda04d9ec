namespace SecureStream.Media.Frames;

/// <summary>Video or audio.</summary>
/// <remarks>Part of the origin's face (docs/architecture.md, "The origin's face"): a <see cref="TrackDescription"/>'s kind, shown by the management API.</remarks>
public enum TrackKind
{
    Video,
    Audio,
}
