namespace SecureStream.Proxy.Forwarding;

/// <summary>
/// Where admitted signalling goes (the <c>Origin</c> section): one or more media origins. In the
/// default single-node run this is the embedded origin on loopback.
/// </summary>
public sealed class OriginOptions
{
    public const string SectionName = "Origin";

    /// <summary>
    /// Base addresses of the origins, e.g. <c>http://127.0.0.1:3380</c>. No default in code: the
    /// configuration binder appends to a pre-filled list, so a default would be kept next to the
    /// configured origins and receive admitted traffic (the shipped appsettings.json names it).
    /// </summary>
    public List<string> Destinations { get; set; } = [];

    /// <summary>Shared ticket key as a secret reference; empty = random per process (single node).</summary>
    public string? TicketKey { get; set; }

    /// <summary>Longest an origin may take to answer a signalling request.</summary>
    public int RequestTimeoutMs { get; set; } = 30000;
}
