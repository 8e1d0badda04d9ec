namespace SecureStream.Proxy.ClientAddresses;

/// <summary>Where the client address came from; written to every audit record.</summary>
internal enum ClientAddressSource
{
    /// <summary>The TCP peer (no trusted proxy, or its header was missing or unparseable).</summary>
    Peer,

    /// <summary>The <c>X-Real-IP</c> header of a trusted proxy.</summary>
    XRealIp,

    /// <summary>The first <c>X-Forwarded-For</c> entry of a trusted proxy.</summary>
    XForwardedFor,
}
