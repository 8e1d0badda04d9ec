using Microsoft.Extensions.Time.Testing;
using SecureStream.Policy.Access;
using SecureStream.Policy.Entitlements;
using static SecureStream.Policy.Tests.Entitlements.EntitlementTestData;

namespace SecureStream.Policy.Tests.Entitlements;

/// <summary>Windows exercised through <see cref="EntitlementTable.Check"/>, the way the front door sees them.</summary>
public sealed class TimeWindowTests
{
    private static readonly CameraPath Camera = new("app", "cam");

    private static EntitlementTable TableWith(TimeWindowSettings window) => Build(new EntitlementSettings
    {
        Groups = [new GroupSettings { Id = "g", Cameras = ["app/cam"], Windows = [window] }],
        Operators = [new OperatorSettings { Id = "op", Groups = ["g"] }],
    });

    private static bool Allowed(EntitlementTable table, DateTimeOffset utc)
    {
        var time = new FakeTimeProvider(utc);
        var result = table.Check("op", Camera, time.GetUtcNow());
        Assert.True(result.IsAllowed || result.Reason == AccessReason.OutsideTimeWindow, result.Reason.ToString());
        return result.IsAllowed;
    }

    private static DateTimeOffset Utc(int month, int day, int hour, int minute, int second = 0) =>
        new(2026, month, day, hour, minute, second, TimeSpan.Zero);

    // Berlin office hours, weekdays 08:00–18:00; January is UTC+1.
    public static TheoryData<string, DateTimeOffset, bool> BerlinOfficeHours => new()
    {
        { "Monday 10:00 Berlin", Utc(1, 5, 9, 0), true },
        { "Monday 08:00 Berlin, start is inclusive", Utc(1, 5, 7, 0), true },
        { "Monday 07:59:59 Berlin", Utc(1, 5, 6, 59, 59), false },
        { "Monday 17:59:59 Berlin", Utc(1, 5, 16, 59, 59), true },
        { "Monday 18:00 Berlin, end is exclusive", Utc(1, 5, 17, 0), false },
        { "Saturday 10:00 Berlin", Utc(1, 10, 9, 0), false },
        { "July 08:30 Berlin is 06:30 UTC (summer time)", Utc(7, 6, 6, 30), true },
        { "July 07:30 UTC is 09:30 Berlin", Utc(7, 6, 7, 30), true },
        { "July 16:30 UTC is 18:30 Berlin", Utc(7, 6, 16, 30), false },
    };

    [Theory]
    [MemberData(nameof(BerlinOfficeHours))]
    public void Check_BerlinWindow_FollowsWallClock(string scenario, DateTimeOffset utc, bool expected)
    {
        var table = TableWith(Weekdays("08:00", "18:00", "Europe/Berlin"));

        Assert.True(expected == Allowed(table, utc), scenario);
    }

    // Friday 22:00 to 06:00 (UTC): the early hours belong to the day the window started.
    public static TheoryData<string, DateTimeOffset, bool> FridayNight => new()
    {
        { "Friday 23:00", Utc(1, 9, 23, 0), true },
        { "Friday 22:00, start", Utc(1, 9, 22, 0), true },
        { "Friday 21:59", Utc(1, 9, 21, 59), false },
        { "Saturday 03:00, after midnight", Utc(1, 10, 3, 0), true },
        { "Saturday 05:59", Utc(1, 10, 5, 59), true },
        { "Saturday 06:00, end", Utc(1, 10, 6, 0), false },
        { "Friday 03:00 belongs to Thursday night", Utc(1, 9, 3, 0), false },
        { "Saturday 23:00", Utc(1, 10, 23, 0), false },
    };

    [Theory]
    [MemberData(nameof(FridayNight))]
    public void Check_WindowCrossingMidnight_CoversNextMorning(string scenario, DateTimeOffset utc, bool expected)
    {
        var table = TableWith(new TimeWindowSettings { Days = ["fri"], From = "22:00", To = "06:00" });

        Assert.True(expected == Allowed(table, utc), scenario);
    }

    public static TheoryData<string, DateTimeOffset, bool> NewYork => new()
    {
        { "08:00 New York in winter is 13:00 UTC", Utc(1, 5, 13, 0), true },
        { "12:59 UTC is 07:59 New York", Utc(1, 5, 12, 59), false },
        { "08:00 New York in summer is 12:00 UTC", Utc(7, 6, 12, 0), true },
        { "Tuesday 02:00 UTC is still Monday 21:00 New York", Utc(1, 6, 2, 0), false },
    };

    [Theory]
    [MemberData(nameof(NewYork))]
    public void Check_OtherTimeZone_UsesThatZone(string scenario, DateTimeOffset utc, bool expected)
    {
        var table = TableWith(new TimeWindowSettings { Days = ["Monday"], From = "08:00", To = "20:00", TimeZone = "America/New_York" });

        Assert.True(expected == Allowed(table, utc), scenario);
    }

    [Fact]
    public void Check_WholeDayWindowWithoutDays_AlwaysOpen()
    {
        var table = TableWith(new TimeWindowSettings { From = "00:00", To = "24:00" });

        Assert.True(Allowed(table, Utc(1, 4, 0, 0)));
        Assert.True(Allowed(table, Utc(1, 7, 23, 59, 59)));
    }

    [Fact]
    public void Check_NonUtcOffsetInput_SameAnswerAsUtc()
    {
        var table = TableWith(Weekdays("08:00", "18:00", "Europe/Berlin"));
        var utc = Utc(1, 5, 17, 30); // 18:30 Berlin: closed
        var sameInstantElsewhere = utc.ToOffset(TimeSpan.FromHours(-10)); // 07:30 local "Monday"

        Assert.False(Allowed(table, utc));
        Assert.Equal(Allowed(table, utc), Allowed(table, sameInstantElsewhere));
    }
}
