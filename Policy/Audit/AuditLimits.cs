namespace SecureStream.Policy.Audit;

/// <summary>
/// Bounds on what an audit record may carry. Attacker-chosen values (user agents, operator names,
/// raw request parts) are cut to these lengths before they are written, so one record can never
/// grow a journal line past <see cref="MaxLineBytes"/>. Every length here is measured after JSON
/// escaping (<see cref="AuditText.BoundEscaped"/>), in bytes, so escape-heavy text cannot grow a
/// value six times.
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

    /// <summary>
    /// Caps on the attacker-chosen values of a refused request's record (escaped bytes), chosen so
    /// that a worst-case refusal line stays under <see cref="MaxRefusalLineBytes"/>: about 730
    /// bytes of envelope (with a <see cref="MaxNodeLength"/> node), field names and fixed values
    /// leave under 300 for these (docs/audit.md).
    /// </summary>
    public const int MaxRefusedUserAgentLength = 96;

    /// <inheritdoc cref="MaxRefusedUserAgentLength"/>
    public const int MaxRefusedDetailLength = 64;

    /// <inheritdoc cref="MaxRefusedUserAgentLength"/>
    public const int MaxRefusedCredentialIdLength = 48;

    /// <summary>Operator and camera names of a refusal; see <see cref="MaxRefusedUserAgentLength"/>.</summary>
    public const int MaxRefusedNameLength = 32;

    /// <summary>The application name of a refusal; see <see cref="MaxRefusedUserAgentLength"/>.</summary>
    public const int MaxRefusedAppLength = 24;

    /// <summary>
    /// Longest node id (the envelope's <c>node</c>) the journal takes, in characters: the front
    /// door's node ids are at most this long (docs/cluster.md), and the refusal line bound
    /// (<see cref="MaxRefusalLineBytes"/>) is kept with a node this long.
    /// </summary>
    public const int MaxNodeLength = 32;

    /// <summary>The longest journal line a refusal can produce, newline included (docs/audit.md).</summary>
    public const int MaxRefusalLineBytes = 1024;
}
