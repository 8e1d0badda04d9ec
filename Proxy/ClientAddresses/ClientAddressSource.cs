namespace SecureStream.Proxy.ClientAddresses;

/// <summary>Where the client address came from; written to every audit record.</summary>
internal enum ClientAddressSource
{
    /// <summary>The TCP peer (no trusted proxy, no usable header, or the header's first entry read was malformed).</summary>
    Peer,

    /// <summary>The <c>X-Real-IP</c> header of a trusted proxy (used only when no <c>X-Forwarded-For</c> was sent).</summary>
    XRealIp,

    /// <summary>The first <c>X-Forwarded-For</c> entry, walking from the right, that is not a trusted proxy.</summary>
    XForwardedFor,

    /// <summary>
    /// <c>X-Forwarded-For</c> had more entries than <see cref="TrustedProxyOptions.ForwardLimit"/>
    /// and every one read was a trusted proxy: the entry at the limit.
    /// </summary>
    XForwardedForLimit,
}
