namespace SecureStream.Media.Transcoding;

/// <summary>Where a process's CPU time cannot be read (no /proc): the watchdog keeps the wall-clock rule alone.</summary>
internal sealed class NoProcessCpuTime : IProcessCpuTime
{
    public static readonly NoProcessCpuTime Instance = new();

    public TimeSpan? Read(int processId) => null;
}
