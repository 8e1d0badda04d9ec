namespace SecureStream.Media.Frames;

/// <summary>Video or audio.</summary>
internal enum TrackKind
{
    Video,
    Audio,
}
