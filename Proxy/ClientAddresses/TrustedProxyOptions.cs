namespace SecureStream.Proxy.ClientAddresses;

/// <summary>
/// The reverse proxies whose <c>X-Real-IP</c> / <c>X-Forwarded-For</c> headers are believed
/// (appsettings section <c>TrustedProxies</c>). Empty by default: no proxy is trusted and the
/// client address is always the TCP peer.
/// </summary>
/// <example><c>"TrustedProxies": { "Networks": ["127.0.0.1/32", "10.0.0.0/8", "::1/128"] }</c></example>
internal sealed class TrustedProxyOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "TrustedProxies";

    /// <summary>CIDR networks (<c>address/prefix</c>, no host bits set) of trusted proxies.</summary>
    public IList<string> Networks { get; } = [];
}
