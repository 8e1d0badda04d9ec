namespace SecureStream.Proxy.Listeners;

/// <summary>How the front door of a single node reaches its embedded origin (<c>Listeners:OriginSocket:Mode</c>).</summary>
public enum OriginTransport
{
    /// <summary>A Unix domain socket where the platform has the file permissions that protect it (Linux, macOS); TCP elsewhere.</summary>
    Auto,

    /// <summary>A Unix domain socket; start-up fails where the platform has none.</summary>
    UnixSocket,

    /// <summary>Loopback TCP on <c>Listeners:Origin</c>, as a separate origin is reached.</summary>
    Tcp,
}
