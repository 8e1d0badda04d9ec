using BenchmarkDotNet.Attributes;
using SecureStream.Policy.Access;
using SecureStream.Policy.Entitlements;

namespace SecureStream.Benchmarks;

/// <summary>
/// EntitlementTable.Check on a table of 10,000 cameras and 1,000 operators: 100 groups of 100 exact
/// cameras each plus one wildcard pattern per group; every operator holds 3 groups and 10 exact
/// cameras of its own. No time windows.
/// </summary>
[MemoryDiagnoser]
public class EntitlementBenchmarks
{
    private static readonly CameraPath ViaGroupExact = new("site", "cam-512");
    private static readonly CameraPath ViaGroupWildcard = new("zone7", "north-door");
    private static readonly CameraPath DirectExact = new("direct", "cam-55");
    private static readonly CameraPath NotHeld = new("site", "cam-9000");

    private EntitlementTable _table = null!;
    private DateTimeOffset _now;

    [GlobalSetup]
    public void Setup()
    {
        var groups = Enumerable.Range(0, 100).Select(g => new GroupSettings
        {
            Id = $"g{g}",
            Cameras = [.. Enumerable.Range(0, 100).Select(c => $"site/cam-{(g * 100) + c}"), $"zone{g}/*"],
        }).ToArray();
        var operators = Enumerable.Range(0, 1000).Select(o => new OperatorSettings
        {
            Id = $"op{o}",
            Groups = [$"g{o % 100}", $"g{(o + 1) % 100}", $"g{(o + 2) % 100}"],
            Cameras = [.. Enumerable.Range(0, 10).Select(c => $"direct/cam-{(o * 10) + c}")],
            MaxSessions = 4,
        }).ToArray();
        var errors = new List<string>();
        if (!EntitlementTable.TryCreate(new EntitlementSettings { Groups = groups, Operators = operators }, "$", errors, out var table))
        {
            throw new InvalidOperationException(string.Join("; ", errors));
        }

        _table = table;
        _now = DateTimeOffset.UtcNow;
        SignedUrlValidationBenchmarks.Expect(GroupExact(), AccessReason.Allowed);
        SignedUrlValidationBenchmarks.Expect(GroupWildcard(), AccessReason.Allowed);
        SignedUrlValidationBenchmarks.Expect(OperatorExact(), AccessReason.Allowed);
        SignedUrlValidationBenchmarks.Expect(Refused(), AccessReason.NotEntitled);
    }

    [Benchmark(Baseline = true)]
    public AccessReason GroupExact() => _table.Check("op5", ViaGroupExact, _now).Reason;

    [Benchmark]
    public AccessReason GroupWildcard() => _table.Check("op5", ViaGroupWildcard, _now).Reason;

    [Benchmark]
    public AccessReason OperatorExact() => _table.Check("op5", DirectExact, _now).Reason;

    [Benchmark]
    public AccessReason Refused() => _table.Check("op5", NotHeld, _now).Reason;
}
