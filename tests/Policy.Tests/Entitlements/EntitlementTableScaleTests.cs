using SecureStream.Policy.Access;
using SecureStream.Policy.Entitlements;

namespace SecureStream.Policy.Tests.Entitlements;

/// <summary>The benchmark's shape (10,000 cameras × 1,000 operators), checked for answers and allocations, not for time.</summary>
public sealed class EntitlementTableScaleTests
{
    private static readonly EntitlementTable Large = BuildLarge();

    private static EntitlementTable BuildLarge()
    {
        // 100 groups of 100 exact cameras each, in Berlin office hours; every operator is in 3
        // groups, has 10 direct cameras and one wildcard.
        var groups = Enumerable.Range(0, 100).Select(g => new GroupSettings
        {
            Id = $"g{g}",
            Cameras = [.. Enumerable.Range(0, 100).Select(c => $"site/cam-{(g * 100) + c}")],
            Windows = [EntitlementTestData.Weekdays("08:00", "18:00", "Europe/Berlin")],
        }).ToArray();
        var operators = Enumerable.Range(0, 1000).Select(o => new OperatorSettings
        {
            Id = $"op{o}",
            Groups = [$"g{o % 100}", $"g{(o + 1) % 100}", $"g{(o + 2) % 100}"],
            Cameras = [.. Enumerable.Range(0, 10).Select(c => $"direct/cam-{(o * 10) + c}"), $"own{o}/*"],
            MaxSessions = 4,
        }).ToArray();
        return EntitlementTestData.Build(new EntitlementSettings { Groups = groups, Operators = operators });
    }

    public static TheoryData<string, string, string, string, AccessReason> Cases => new()
    {
        { "via first group", "op5", "site", "cam-512", AccessReason.Allowed },
        { "via third group", "op5", "site", "cam-799", AccessReason.Allowed },
        { "group not held", "op5", "site", "cam-800", AccessReason.NotEntitled },
        { "direct exact", "op999", "direct", "cam-9999", AccessReason.Allowed },
        { "direct of another operator", "op998", "direct", "cam-9999", AccessReason.NotEntitled },
        { "own wildcard", "op42", "own42", "anything", AccessReason.Allowed },
        { "someone else's wildcard", "op42", "own43", "anything", AccessReason.NotEntitled },
        { "unknown operator", "op1000", "site", "cam-1", AccessReason.NotEntitled },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Check_LargeTable_Answers(string scenario, string operatorId, string app, string stream, AccessReason expected)
    {
        var result = Large.Check(operatorId, new CameraPath(app, stream), EntitlementTestData.MondayNineUtc);

        Assert.True(expected == result.Reason, $"{scenario}: {result.Reason}");
        Assert.Equal(1000, Large.OperatorCount);
    }

    [Fact]
    public void Check_HotPath_AllocatesNothing()
    {
        var exact = new CameraPath("site", "cam-512");
        var wildcard = new CameraPath("own5", "x");
        var refused = new CameraPath("site", "cam-9000");
        var now = EntitlementTestData.MondayNineUtc;
        var evening = now.AddHours(10);
        for (var i = 0; i < 10; i++)
        {
            Large.Check("op5", exact, now); // warm up lazy time zone data
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            Large.Check("op5", exact, now);
            Large.Check("op5", exact, evening);
            Large.Check("op5", wildcard, now);
            Large.Check("op5", refused, now);
            Large.Check("nobody", exact, now);
            Large.Check(null, exact, now);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
