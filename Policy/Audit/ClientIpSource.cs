namespace SecureStream.Policy.Audit;

/// <summary>Where the client address in a record came from; written as <c>peer</c>, <c>x-real-ip</c> or <c>x-forwarded-for</c>.</summary>
internal enum ClientIpSource
{
    /// <summary>The TCP peer (no trusted proxy in front).</summary>
    Peer = 0,

    /// <summary><c>X-Real-IP</c> from a trusted proxy.</summary>
    XRealIp,

    /// <summary><c>X-Forwarded-For</c> from a trusted proxy.</summary>
    XForwardedFor,

    /// <summary><c>X-Forwarded-For</c> from a trusted proxy, cut at the configured entry limit; written as <c>x-forwarded-for-limit</c>.</summary>
    XForwardedForLimit,
}
