namespace SecureStream.Media.Transcoding;

/// <summary>
/// How much CPU time a child process has used: what tells the transcoder's watchdog a hung ffmpeg
/// from one a busy machine starves (<see cref="StallCheck"/>).
/// </summary>
internal interface IProcessCpuTime
{
    /// <summary>The process's user plus system CPU time so far (all its threads), or null when it cannot be read here (no /proc, the process gone).</summary>
    TimeSpan? Read(int processId);
}
