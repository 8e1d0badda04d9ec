using SecureStream.Policy.Entitlements;

namespace SecureStream.Policy.Tests.Entitlements;

/// <summary>Builds tables for the tests; fails the test when a fixture that should be valid is not.</summary>
internal static class EntitlementTestData
{
    /// <summary>Monday 5 January 2026, 09:00 UTC (10:00 in Berlin, winter time).</summary>
    public static readonly DateTimeOffset MondayNineUtc = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    public static EntitlementTable Build(EntitlementSettings settings)
    {
        var errors = new List<string>();
        var ok = EntitlementTable.TryCreate(settings, "$", errors, out var table);
        Assert.True(ok, string.Join(Environment.NewLine, errors));
        Assert.Empty(errors);
        return table!;
    }

    public static TimeWindowSettings Weekdays(string from, string to, string timeZone) => new()
    {
        Days = ["mon", "tue", "wed", "thu", "fri"],
        From = from,
        To = to,
        TimeZone = timeZone,
    };

    /// <summary>The example from the task: alice direct + lobby guards in Berlin office hours, demo open anonymously.</summary>
    public static EntitlementSettings Site() => new()
    {
        Operators =
        [
            new OperatorSettings { Id = "alice", Groups = ["lobby-guards"], Cameras = ["app/cam1"], MaxSessions = 4 },
            new OperatorSettings { Id = "bob", Groups = ["lobby-guards"], Disabled = true },
            new OperatorSettings { Id = "carol@site.example", Cameras = ["yard/*-east"] },
            new OperatorSettings { Id = "anonymous", Cameras = ["app/cam2"] },
        ],
        Groups =
        [
            new GroupSettings
            {
                Id = "lobby-guards",
                Cameras = ["app/lobby-*"],
                Windows = [Weekdays("08:00", "18:00", "Europe/Berlin")],
            },
        ],
        AnonymousLinks = new AnonymousLinkSettings { Cameras = ["demo/*"], MaxSessions = 50 },
        Links = new LinkUseSettings { MaxUsesPerLinkId = 1 },
    };
}
