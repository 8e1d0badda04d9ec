namespace SecureStream.Policy.Audit;

/// <summary>
/// Bounds on what an audit record may carry. Attacker-chosen values (user agents, operator names,
/// raw request parts) are cut to these lengths before they are written, so one record can never
/// grow a journal line past <see cref="MaxLineBytes"/>.
/// </summary>
internal static class AuditLimits
{
    /// <summary>Longest string value in characters, unless a field says otherwise.</summary>
    public const int MaxValueLength = 256;

    /// <summary>Longest user agent in characters.</summary>
    public const int MaxUserAgentLength = 512;

    /// <summary>Longest free-text detail in characters.</summary>
    public const int MaxDetailLength = 512;

    /// <summary>
    /// Longest journal line in bytes, newline included. With every value bounded and every
    /// non-ASCII or control character escaped as six bytes (<c>\uXXXX</c>), a record stays far
    /// below this; the verifier refuses longer lines rather than buffering without bound.
    /// </summary>
    public const int MaxLineBytes = 64 * 1024;
}
