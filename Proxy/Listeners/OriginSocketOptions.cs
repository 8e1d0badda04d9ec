namespace SecureStream.Proxy.Listeners;

/// <summary>
/// The embedded origin's Unix domain socket (<c>Listeners:OriginSocket</c>): single node only.
/// The origin verb and separate origins always listen on TCP (<c>Listeners:Origin</c>), since
/// their front doors run elsewhere (docs/architecture.md, "The hop to the embedded origin").
/// </summary>
public sealed class OriginSocketOptions
{
    /// <summary>
    /// Longest socket path, in UTF-8 bytes: <c>sun_path</c> holds 108 bytes on Linux (104 on
    /// macOS) including the terminating zero; 103 fits both.
    /// </summary>
    public const int MaxPathBytes = 103;

    /// <summary>
    /// TCP by default: on the machine measured, the socket cost the gateway more CPU per admission
    /// than loopback TCP, not less (docs/benchmarks/admissions.md). Choose the socket for its
    /// isolation: only the gateway's user can connect to it.
    /// </summary>
    public OriginTransport Mode { get; set; } = OriginTransport.Tcp;

    /// <summary>
    /// Absolute path of the socket file. Empty (the default): a fresh private directory under the
    /// temp directory, made at start for this process only (mode 0700) and removed at stop. When
    /// set, its directory must exist, belong to the gateway's user and grant nothing to group or
    /// others (0700); a socket file left there by a gateway that crashed is removed at start.
    /// </summary>
    public string Path { get; set; } = string.Empty;
}
