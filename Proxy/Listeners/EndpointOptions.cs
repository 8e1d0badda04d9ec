namespace SecureStream.Proxy.Listeners;

/// <summary>One listener: whether it runs, and where.</summary>
public sealed class EndpointOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>The IP address to bind (an address, not a host name, so what is exposed is explicit).</summary>
    public string Address { get; set; } = "127.0.0.1";

    /// <summary>0 picks a free port (tests).</summary>
    public int Port { get; set; }
}
