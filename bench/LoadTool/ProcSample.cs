namespace SecureStream.LoadTool;

/// <summary>
/// One reading of a process from /proc: CPU time spent so far (user + system, all threads),
/// resident memory, threads, open file descriptors and, among them, sockets.
/// </summary>
/// <param name="At">Monotonic timestamp (<see cref="TimeProvider.GetTimestamp"/>) of the reading.</param>
/// <param name="OpenFiles">Entries of /proc/&lt;pid&gt;/fd; -1 when it could not be listed. Grows as the runtime maps assemblies on first use, so not a leak measure by itself.</param>
/// <param name="Sockets">Descriptors that are sockets (TCP, UDP, Unix): what a leaked session or camera connection would leave; -1 when unknown.</param>
internal sealed record ProcSample(long At, TimeSpan Cpu, long ResidentBytes, int Threads, int OpenFiles, int Sockets);
