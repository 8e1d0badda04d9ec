namespace SecureStream.Media.Snapshots;

/// <summary>
/// Settings of <c>GET /{app}/{stream}/snapshot.jpg</c> (section <c>Snapshots</c>; docs/snapshots.md
/// lists each with its default, the reason for it and OME's nearest equivalent).
/// </summary>
internal sealed class SnapshotOptions
{
    public const string SectionName = "Snapshots";

    /// <summary>Off answers every snapshot request 404 <c>snapshot_disabled</c> before any camera contact.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// How long a snapshot waits for a keyframe once the camera's stream has started (a cold camera,
    /// or a watched one whose kept GOP outgrew its bounds): longer than the usual 1–4 s GOP, with room.
    /// </summary>
    public int KeyframeTimeoutMs { get; set; } = 10_000;

    /// <summary>
    /// How long one decode (ffmpeg start, one keyframe in, one JPEG out) may take before it is
    /// killed, when ffmpeg used (almost) no CPU in that time; one that keeps using CPU on a busy
    /// machine is given up to <see cref="DecodeTimeoutMax"/>, four times as long.
    /// </summary>
    public int DecodeTimeoutMs { get; set; } = 5_000;

    /// <summary>A keyframe larger than this (with its parameter sets) is not decoded: <c>snapshot_decode_failed</c>.</summary>
    public int MaxKeyframeBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>A JPEG larger than this is garbage from the decoder's side: <c>snapshot_decode_failed</c>.</summary>
    public int MaxJpegBytes { get; set; } = 2 * 1024 * 1024;

    /// <summary>Decoders running at once (each one ffmpeg process for a fraction of a second).</summary>
    public int MaxConcurrentDecodes { get; set; } = 2;

    /// <summary>Decodes running or waiting for a slot; one more is refused with <c>snapshot_busy</c> (503) at once.</summary>
    public int MaxPendingDecodes { get; set; } = 8;

    /// <summary>Pulls whose latest snapshot is kept (one JPEG each, the least recently used goes first).</summary>
    public int MaxCachedSnapshots { get; set; } = 64;

    /// <summary>ffmpeg's mjpeg <c>-q:v</c>: 2 (best, largest) to 31 (worst, smallest).</summary>
    public int JpegQuality { get; set; } = 5;

    public TimeSpan KeyframeTimeout => TimeSpan.FromMilliseconds(KeyframeTimeoutMs);

    public TimeSpan DecodeTimeout => TimeSpan.FromMilliseconds(DecodeTimeoutMs);

    /// <summary>The longest a decode may take whatever its CPU, including the wait for a decoder slot: four times <see cref="DecodeTimeout"/>.</summary>
    public TimeSpan DecodeTimeoutMax => DecodeTimeout * 4;
}
