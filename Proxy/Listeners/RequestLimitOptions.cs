namespace SecureStream.Proxy.Listeners;

/// <summary>
/// Request size and time bounds every listener shares (the <c>Listeners:Limits</c> section).
/// Near Kestrel's defaults; each raise is justified by the largest legitimate request
/// (docs/security.md, "Connections and request bounds").
/// </summary>
public sealed class RequestLimitOptions
{
    /// <summary>
    /// All request headers together. Kestrel's default (32 KB): the largest legitimate header is
    /// a JWT in <c>Authorization</c> (8 KB by default, policy.json <c>tokens.maxTokenBytes</c>), and
    /// a token up to this size still reaches the gate and gets its own audited refusal. Larger
    /// header blocks are answered 431 by Kestrel before the gate.
    /// </summary>
    public int MaxRequestHeadersTotalSize { get; set; } = 32 * 1024;

    /// <summary>
    /// From the first byte of a request to the end of its headers (Kestrel: 30 s). A WebSocket
    /// upgrade is an HTTP request, so this also bounds a slow handshake.
    /// </summary>
    public TimeSpan RequestHeadersTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long an idle connection (no request in progress) is kept (Kestrel: 130 s).</summary>
    public TimeSpan KeepAliveTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Slowest request body accepted, in bytes per second, after <see cref="MinRequestBodyGracePeriod"/>
    /// (Kestrel: 240). At 4096 the largest WHEP offer (64 KB) takes at most about 21 s.
    /// </summary>
    public int MinRequestBodyDataRate { get; set; } = 4096;

    /// <summary>How long a body may start slowly before <see cref="MinRequestBodyDataRate"/> applies (Kestrel: 5 s).</summary>
    public TimeSpan MinRequestBodyGracePeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often refused connections are reported (one log line per listener and interval, never per connection).</summary>
    public TimeSpan RefusalReportInterval { get; set; } = TimeSpan.FromSeconds(60);
}
