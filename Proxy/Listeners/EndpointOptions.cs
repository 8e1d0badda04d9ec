namespace SecureStream.Proxy.Listeners;

/// <summary>One listener: whether it runs, where, and how many connections it holds.</summary>
public sealed class EndpointOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>The IP address to bind (an address, not a host name, so what is exposed is explicit).</summary>
    public string Address { get; set; } = "127.0.0.1";

    /// <summary>0 picks a free port (tests).</summary>
    public int Port { get; set; }

    /// <summary>
    /// Connections this listener holds at once; one more is closed on accept, before TLS and
    /// before a byte is read. Bounds the listener's memory: each connection may hold at most one
    /// request line and one header block (<see cref="RequestLimitOptions"/>).
    /// </summary>
    public int MaxConnections { get; set; } = 4096;

    /// <summary>
    /// Connections one source holds at once on this listener (an IPv4 address, or an IPv6 /64,
    /// which one subscriber usually gets whole). Beyond it, new connections from that source are
    /// closed on accept. Behind a reverse proxy every connection comes from the proxy: set this
    /// equal to <see cref="MaxConnections"/> there.
    /// </summary>
    public int MaxConnectionsPerAddress { get; set; } = 64;
}
