using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using SecureStream.Policy.Access;

namespace SecureStream.Policy.Entitlements;

/// <summary>
/// The immutable, validated form of the <c>operators</c>, <c>groups</c>, <c>anonymousLinks</c> and
/// <c>links</c> sections. Built once per policy load and shared by all requests without locks.
/// </summary>
/// <remarks>
/// Security invariants:
/// <list type="bullet">
/// <item>Fail closed: an operator that is not configured, disabled, or not granted the camera is
/// refused; a link without an operator opens only the cameras listed in <c>anonymousLinks</c>.</item>
/// <item>Unknown operator, disabled operator and a camera nobody granted all yield
/// <see cref="AccessReason.NotEntitled"/>, so a client cannot probe which operators or cameras
/// exist.</item>
/// <item>This table only narrows: the caller intersects its answer with what the credential itself
/// allows (a token's <c>cam</c> claim); the grant is credential ∩ entitlements.</item>
/// </list>
/// </remarks>
internal sealed class EntitlementTable
{
    /// <summary>The session-cap key shared by all links without an operator.</summary>
    public const string AnonymousKey = "anonymous";

    /// <summary>Prefix of operator session-cap keys; keeps an operator named "anonymous" apart from anonymous links.</summary>
    public const string OperatorKeyPrefix = "op:";

    private readonly FrozenDictionary<string, OperatorEntitlement> _operators;
    private readonly GrantSet _anonymous;
    private readonly EntitlementResult _anonymousAllowed;

    internal EntitlementTable(
        FrozenDictionary<string, OperatorEntitlement> operators,
        GrantSet anonymous,
        int? anonymousMaxSessions,
        int maxUsesPerLinkId,
        int? anonymousMaxSessionsPerLink = AnonymousLinkSettings.DefaultMaxSessionsPerShare,
        int? anonymousMaxSessionsPerSource = AnonymousLinkSettings.DefaultMaxSessionsPerShare)
    {
        _operators = operators;
        _anonymous = anonymous;
        _anonymousAllowed = new EntitlementResult(AccessReason.Allowed, AnonymousKey, anonymousMaxSessions)
        {
            MaxSessionsPerLink = anonymousMaxSessionsPerLink,
            MaxSessionsPerSource = anonymousMaxSessionsPerSource,
        };
        MaxUsesPerLinkId = maxUsesPerLinkId;
    }

    /// <summary>An empty table: no operator, no anonymous camera, so everything is refused.</summary>
    public static EntitlementTable Empty { get; } =
        new(FrozenDictionary<string, OperatorEntitlement>.Empty, GrantSet.Empty, null, 0);

    /// <summary>Most uses of one link id (<c>jti</c>) for <see cref="ILinkUseRegistry.TryUseAsync"/>; 0 means unlimited.</summary>
    public int MaxUsesPerLinkId { get; }

    /// <summary>Number of configured operators (disabled ones included).</summary>
    public int OperatorCount => _operators.Count;

    /// <summary>
    /// Validates the sections and builds the table. Every problem is appended to
    /// <paramref name="errors"/> as <c>"&lt;json path&gt;: &lt;what is wrong&gt;; &lt;the fix&gt;"</c>;
    /// the table is produced only when there is none.
    /// </summary>
    /// <param name="settings">The deserialized sections; null means all defaults.</param>
    /// <param name="jsonPath">Path of the object holding the sections, normally <c>$</c>.</param>
    /// <param name="errors">Receives every problem found.</param>
    /// <param name="table">The table, or null when any error was found.</param>
    public static bool TryCreate(
        EntitlementSettings? settings,
        string jsonPath,
        List<string> errors,
        [NotNullWhen(true)] out EntitlementTable? table)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var builder = new EntitlementTableBuilder(string.IsNullOrEmpty(jsonPath) ? "$" : jsonPath, errors);
        table = builder.Build(settings ?? new EntitlementSettings());
        return table is not null;
    }

    /// <summary>
    /// Decides whether <paramref name="operatorId"/> may watch <paramref name="camera"/> at
    /// <paramref name="now"/>. Never throws and allocates nothing.
    /// </summary>
    /// <param name="operatorId">
    /// The credential's <c>sub</c>; null for a link without one (anonymous). An empty string is an
    /// operator id that no configuration can hold, so it is refused, never read as anonymous.
    /// </param>
    /// <param name="camera">The camera exactly as it will be routed.</param>
    /// <param name="now">The current time, from the caller's <see cref="TimeProvider"/>.</param>
    public EntitlementResult Check(string? operatorId, CameraPath camera, DateTimeOffset now)
    {
        if (operatorId is null)
        {
            return _anonymous.Matches(camera)
                ? _anonymousAllowed
                : new EntitlementResult(AccessReason.AnonymousNotAllowed, AnonymousKey, null);
        }

        if (!_operators.TryGetValue(operatorId, out var entry))
        {
            return new EntitlementResult(AccessReason.NotEntitled, string.Empty, null);
        }

        if (entry.Disabled)
        {
            return new EntitlementResult(AccessReason.NotEntitled, entry.Key, null);
        }

        var matchedOutsideWindow = false;
        foreach (var grant in entry.Grants)
        {
            if (!grant.Matches(camera))
            {
                continue;
            }

            if (grant.IsOpenAt(now))
            {
                return new EntitlementResult(AccessReason.Allowed, entry.Key, entry.MaxSessions)
                {
                    MaxSessionsPerLink = entry.MaxSessionsPerLink,
                    MaxSessionsPerSource = entry.MaxSessionsPerSource,
                };
            }

            matchedOutsideWindow = true;
        }

        return new EntitlementResult(
            matchedOutsideWindow ? AccessReason.OutsideTimeWindow : AccessReason.NotEntitled, entry.Key, null);
    }
}
