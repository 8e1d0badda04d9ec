namespace SecureStream.Proxy.ClientAddresses;

/// <summary>
/// The reverse proxies whose <c>X-Real-IP</c> / <c>X-Forwarded-For</c> headers are believed
/// (appsettings section <c>TrustedProxies</c>). Empty by default: no proxy is trusted and the
/// client address is always the TCP peer. See docs/security.md "Client address…".
/// </summary>
/// <example><c>"TrustedProxies": { "Networks": ["127.0.0.1/32", "10.0.0.0/8", "::1/128"], "ForwardLimit": 10 }</c></example>
internal sealed class TrustedProxyOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "TrustedProxies";

    /// <summary>Default <see cref="ForwardLimit"/>: more proxy hops than any real deployment chains.</summary>
    public const int DefaultForwardLimit = 10;

    /// <summary>Largest accepted <see cref="ForwardLimit"/>.</summary>
    public const int MaxForwardLimit = 64;

    /// <summary>CIDR networks (<c>address/prefix</c>, no host bits set) of trusted proxies.</summary>
    public IList<string> Networks { get; } = [];

    /// <summary>
    /// At most this many <c>X-Forwarded-For</c> entries are read, from the right (ASP.NET Core's
    /// <c>ForwardLimit</c>). The bound keeps the walk O(limit) whatever a client prepends; a header
    /// with more entries than this, all from trusted proxies, stops at the limit and the audit
    /// source says <c>x-forwarded-for-limit</c>.
    /// </summary>
    public int ForwardLimit { get; set; } = DefaultForwardLimit;
}
