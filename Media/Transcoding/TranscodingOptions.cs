namespace SecureStream.Media.Transcoding;

/// <summary>
/// Transcoding settings, bound from configuration section <see cref="Section"/>; every default and
/// its reason is in docs/transcoding.md.
/// </summary>
internal sealed class TranscodingOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Transcoding";

    /// <summary>Off: no ffmpeg is ever started; a viewer who cannot take the camera's codec is refused with <c>transcoding_disabled</c>.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The ffmpeg program (Debian's <c>ffmpeg</c> package). An absolute path: nothing is looked up on PATH.</summary>
    public string FfmpegPath { get; set; } = "/usr/bin/ffmpeg";

    /// <summary>Most video transcoders (H.265/H.264 to H.264 Constrained Baseline) running at once on this origin.</summary>
    public int MaxVideoTranscoders { get; set; } = 4;

    /// <summary>Most audio transcoders (AAC to Opus) running at once on this origin.</summary>
    public int MaxAudioTranscoders { get; set; } = 32;

    /// <summary>Address-space limit of one ffmpeg (<c>prlimit --as</c>), in bytes.</summary>
    public long MemoryLimitBytes { get; set; } = 1L << 30;

    /// <summary>Open-file limit of one ffmpeg (<c>prlimit --nofile</c>): it needs its three pipes and its libraries.</summary>
    public int MaxOpenFiles { get; set; } = 64;

    /// <summary>Scheduling priority of ffmpeg (<c>nice -n</c>): the gateway's own data plane goes first.</summary>
    public int NiceLevel { get; set; } = 10;

    /// <summary>Codec threads per ffmpeg (<c>-threads</c>): one keeps a camera's share of the CPU bounded and adds no frame-thread delay.</summary>
    public int ThreadsPerTranscoder { get; set; } = 1;

    /// <summary>
    /// How long a transcoder may go without output while its input flows and ffmpeg uses less than
    /// <see cref="StallMinCpuProgress"/> of CPU; then it is killed and restarted.
    /// </summary>
    public TimeSpan StallTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// CPU time ffmpeg must use within <see cref="StallTimeout"/> for a run without output to count
    /// as slowed by a busy machine rather than hung: two clock ticks, where a hung ffmpeg uses none.
    /// </summary>
    public TimeSpan StallMinCpuProgress { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// The longest a transcoder may go without output while its input flows, however much CPU
    /// ffmpeg uses (one spinning on hostile input). Unset: four times <see cref="StallTimeout"/>.
    /// </summary>
    public TimeSpan? StallTimeoutMax { get; set; }

    /// <summary><see cref="StallTimeoutMax"/>, or four times <see cref="StallTimeout"/> when unset.</summary>
    public TimeSpan EffectiveStallTimeoutMax => StallTimeoutMax ?? StallTimeout * 4;

    /// <summary>The first wait before a failed transcoder is restarted; doubled on each failure in a row.</summary>
    public TimeSpan RestartBackoffInitial { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest wait between restarts.</summary>
    public TimeSpan RestartBackoffMax { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Opus bit rate (bits per second) of transcoded audio.</summary>
    public int OpusBitrate { get; set; } = 64_000;

    /// <summary>libopus <c>-compression_level</c> (0 fastest … 10 best): the encoder's effort per frame at the same bit rate.</summary>
    public int OpusCompressionLevel { get; set; } = 10;

    /// <summary>
    /// Duration of one Opus packet in milliseconds (<c>-frame_duration</c>): 20, 40 or 60. Longer
    /// packets mean fewer packets to encode, encrypt and send per viewer, and that much more latency.
    /// 40 by default: measured (docs/BENCHMARKS.md), it brings a transcoder's whole cost from about
    /// 2.1 % to 1.6 % of a core and halves the audio packets per viewer, for about 20 ms of latency.
    /// </summary>
    public int OpusFrameDurationMs { get; set; } = 40;
}
