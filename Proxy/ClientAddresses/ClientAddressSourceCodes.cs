namespace SecureStream.Proxy.ClientAddresses;

/// <summary>Stable audit codes of <see cref="ClientAddressSource"/>.</summary>
internal static class ClientAddressSourceCodes
{
    /// <summary><c>peer</c>, <c>x-real-ip</c>, <c>x-forwarded-for</c> or <c>x-forwarded-for-limit</c>.</summary>
    public static string ToCode(this ClientAddressSource source) => source switch
    {
        ClientAddressSource.Peer => "peer",
        ClientAddressSource.XRealIp => "x-real-ip",
        ClientAddressSource.XForwardedFor => "x-forwarded-for",
        ClientAddressSource.XForwardedForLimit => "x-forwarded-for-limit",
        _ => "unknown",
    };
}
