namespace SecureStream.Proxy.Listeners;

/// <summary>
/// The listeners, OME's defaults: 3333 plain HTTP/WebSocket, 3334 HTTPS/WSS, and the
/// management API on its own port (8081, loopback only by default). Bound from the
/// <c>Listeners</c> configuration section; each can be switched off. A fourth, the embedded
/// origin, listens on loopback 3380.
/// </summary>
public sealed class ListenerOptions
{
    public const string SectionName = "Listeners";

    public EndpointOptions Http { get; set; } = new() { Port = 3333, Address = "0.0.0.0" };

    public EndpointOptions Https { get; set; } = new() { Port = 3334, Address = "0.0.0.0" };

    /// <summary>Operators and scripts only: a small pool, so a flood cannot hold the API's memory.</summary>
    public EndpointOptions Management { get; set; } = new() { Port = 8081, Address = "127.0.0.1", MaxConnections = 256, MaxConnectionsPerAddress = 64 };

    /// <summary>
    /// The embedded media origin's signalling (single node): the front door forwards admitted
    /// signalling here over loopback, so single node and cluster run the same path. Keep it on
    /// loopback: it trusts tickets only, and viewers must come through the gate.
    /// </summary>
    /// <remarks>Its one legitimate client is the front door, from one address, so the per-address share is the whole pool.</remarks>
    public EndpointOptions Origin { get; set; } = new() { Port = 3380, Address = "127.0.0.1", MaxConnectionsPerAddress = 4096 };

    /// <summary>
    /// Single node: whether the embedded origin listens on a Unix domain socket instead of
    /// <see cref="Origin"/>'s TCP port (TCP by default). Its connection pool is still <see cref="Origin"/>'s.
    /// </summary>
    public OriginSocketOptions OriginSocket { get; set; } = new();

    /// <summary>PFX certificate for the HTTPS listener; created for development on first run when missing.</summary>
    public string CertificatePath { get; set; } = "certs/dev-cert.pfx";

    /// <summary>Password of the PFX, as a secret reference (<c>env:NAME</c> or <c>file:/path</c>); empty for the dev certificate.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>Request size and time bounds shared by every listener.</summary>
    public RequestLimitOptions Limits { get; set; } = new();

    /// <summary>When the certificate file is missing, create a self-signed one (development only).</summary>
    public bool CreateDevelopmentCertificate { get; set; } = true;
}
