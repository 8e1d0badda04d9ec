namespace SecureStream.Proxy.RequestShape;

/// <summary>
/// Size limits of the request-shape check (docs/security.md, oversized). Anything over a limit is
/// refused, never truncated.
/// </summary>
internal sealed class RequestShapeLimits
{
    /// <summary>The limits used when nothing is configured.</summary>
    public static RequestShapeLimits Default { get; } = new();

    /// <summary>Longest raw request target (path and query, as sent) accepted; 4 KB by default.</summary>
    public int MaxTargetLength { get; init; } = 4096;

    /// <summary>Most query parameters accepted; 32 by default.</summary>
    public int MaxParameters { get; init; } = 32;

    /// <summary>Longest raw (still percent-encoded) query value accepted; 2048 by default.</summary>
    public int MaxValueLength { get; init; } = 2048;
}
