namespace SecureStream.Media.Transcoding;

/// <summary>What the watchdog makes of a run at one tick (<see cref="StallCheck"/>).</summary>
internal enum StallVerdict
{
    /// <summary>Output comes (or no input has gone in since the last output).</summary>
    Flowing,

    /// <summary>No output yet, within <see cref="TranscodingOptions.StallTimeout"/>.</summary>
    Waiting,

    /// <summary>No output for longer than the timeout, but ffmpeg keeps using CPU: a busy machine slows it, it is left to run.</summary>
    Starved,

    /// <summary>Hung (no output, no CPU) or past the hard bound: the run ends.</summary>
    Stalled,
}
