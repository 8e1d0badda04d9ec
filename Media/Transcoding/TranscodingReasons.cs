namespace SecureStream.Media.Transcoding;

/// <summary>Why a track cannot be transcoded (<see cref="ITrackTranscoders.CannotProduce"/>); short stable codes, listed in docs/transcoding.md.</summary>
internal static class TranscodingReasons
{
    /// <summary><c>Transcoding:Enabled</c> is false.</summary>
    public const string Disabled = "transcoding_disabled";

    /// <summary>This source codec cannot be turned into that target here (only AAC→Opus and H.265/H.264→H.264 are offered).</summary>
    public const string Unsupported = "transcoding_unsupported";

    /// <summary>The box cannot run ffmpeg (program missing, sandbox refused); the log at start says why.</summary>
    public const string Unavailable = "transcoding_unavailable";

    /// <summary>The cap on concurrent transcoders of this kind is reached.</summary>
    public const string Capacity = "transcoding_capacity";
}
