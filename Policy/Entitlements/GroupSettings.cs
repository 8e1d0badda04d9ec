namespace SecureStream.Policy.Entitlements;

/// <summary>
/// One entry of the <c>groups</c> section: a set of camera patterns shared by the operators that
/// list the group, valid only inside the group's <see cref="Windows"/>.
/// </summary>
public sealed class GroupSettings
{
    /// <summary>The group id: 1–64 characters of <c>[A-Za-z0-9._@-]</c>.</summary>
    public string? Id { get; init; }

    /// <summary>Camera patterns (<c>app/stream</c>, <c>*</c> within a name) the group grants.</summary>
    public IReadOnlyList<string> Cameras { get; set; } = [];

    /// <summary>When the group's cameras may be watched; none means always.</summary>
    public IReadOnlyList<TimeWindowSettings> Windows { get; set; } = [];
}
