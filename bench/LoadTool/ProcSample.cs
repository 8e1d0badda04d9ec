namespace SecureStream.LoadTool;

/// <summary>
/// One reading of a process from /proc: CPU time spent so far (user + system, all threads),
/// resident memory, threads and open file descriptors (sockets among them).
/// </summary>
/// <param name="At">Monotonic timestamp (<see cref="TimeProvider.GetTimestamp"/>) of the reading.</param>
/// <param name="OpenFiles">Entries of /proc/&lt;pid&gt;/fd; -1 when it could not be listed.</param>
internal sealed record ProcSample(long At, TimeSpan Cpu, long ResidentBytes, int Threads, int OpenFiles);
