namespace SecureStream.Media.Transcoding;

/// <summary>
/// Track ids of transcoded tracks: far above any camera's (a camera has a handful of tracks), so a
/// transcoder's output never shares an id with the camera track it came from.
/// </summary>
internal static class TranscodedTrackIds
{
    public const int Offset = 1000;

    /// <summary>The id of the track made from camera track <paramref name="sourceTrackId"/>.</summary>
    public static int Of(int sourceTrackId) => Offset + sourceTrackId;

    public static bool IsTranscoded(int trackId) => trackId >= Offset;
}
