namespace SecureStream.FloodTool;

/// <summary>The flood's results, printed and written with <c>--json</c>. Carries no credential (the flood has none).</summary>
internal sealed record FloodReport(
    double DurationSeconds,
    long Requests,
    long RequestErrors,
    IReadOnlyDictionary<string, long> Statuses,
    HeldReport SlowHeaders,
    HeldReport SlowBodies,
    HeldReport IceTcp);
