namespace SecureStream.DemoCameras;

/// <summary>
/// The built-in demo camera RTSP server (section <c>DemoCameras</c>). It serves the clips built
/// into the assembly at <c>rtsp://{Address}:{Port}/demo/{name}</c> for any name.
/// </summary>
internal sealed class DemoCameraServerOptions
{
    public const string SectionName = "DemoCameras";

    /// <summary>Address to listen on. Loopback by default: demo cameras are for this machine's origin and benchmarks.</summary>
    public string Address { get; set; } = "127.0.0.1";

    /// <summary>TCP port; 0 picks a free one (tests). 8554 is the customary alternate RTSP port.</summary>
    public int Port { get; set; } = 8554;

    /// <summary>
    /// A session (or a connection without one) that sends no request and no RTCP for this long is
    /// dropped (RFC 2326 §12.37; 60 s is the customary default and what clients assume).
    /// </summary>
    public TimeSpan SessionTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Connections beyond this are closed on accept. Benchmarks simulate thousands of cameras.</summary>
    public int MaxConnections { get; set; } = 10_000;

    /// <summary>
    /// Pacing ticks (20 ms each) a connection may have queued but not yet written; a client that
    /// reads slower loses packets (counted) and resumes at the next keyframe.
    /// </summary>
    public int SendQueueTicks { get; set; } = 50;
}
