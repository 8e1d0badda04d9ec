using System.Net;
using SecureStream.Policy.Access;
using SecureStream.Proxy.Gate;

namespace SecureStream.Proxy.Tests.Gate;

public sealed class RecentDenialsTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Record_AFloodOfRefusals_CountsAllAndKeepsOnlyTheLatestFiftyNewestFirst()
    {
        var denials = new RecentDenials();
        const int Flood = 100_000;
        for (var i = 0; i < Flood; i++)
        {
            denials.Record(Start.AddMilliseconds(i), i % 2 == 0 ? AccessReason.SignatureInvalid : AccessReason.RateLimited, null, IPAddress.Loopback, "t" + i);
        }

        var (byReason, recent) = denials.Read(Start);

        Assert.Equal(Flood, byReason.Sum(r => r.Count));
        Assert.Equal(2, byReason.Count);
        Assert.All(byReason, r => Assert.Equal(Flood / 2, r.Count));
        Assert.Contains(byReason, r => r.Reason == AccessReason.RateLimited);
        Assert.Contains(byReason, r => r.Reason == AccessReason.SignatureInvalid);
        Assert.Equal(RecentDenials.MaxRecent, recent.Count);
        Assert.Equal("t" + (Flood - 1), recent[0].TraceId);
        Assert.Equal(recent.Select(d => d.Time).OrderByDescending(t => t), recent.Select(d => d.Time));
    }

    [Fact]
    public void Read_Since_LeavesOutOlderMinutesAndRefusals()
    {
        var denials = new RecentDenials();
        denials.Record(Start, AccessReason.NotEntitled, new CameraPath("app", "cam1"), IPAddress.Loopback, "old");
        denials.Record(Start.AddMinutes(30), AccessReason.LinkExpired, null, IPAddress.Loopback, "new");

        var (byReason, recent) = denials.Read(Start.AddMinutes(10));

        var only = Assert.Single(byReason);
        Assert.Equal(AccessReason.LinkExpired, only.Reason);
        Assert.Equal(1, only.Count);
        Assert.Equal(Start.AddMinutes(30), only.LastAt);
        Assert.Equal("new", Assert.Single(recent).TraceId);
    }

    [Fact]
    public void Record_ADayLater_TheMinuteSlotIsReusedNotGrown()
    {
        var denials = new RecentDenials();
        denials.Record(Start, AccessReason.NotEntitled, null, IPAddress.Loopback, "yesterday");
        denials.Record(Start.AddDays(1), AccessReason.LinkExpired, null, IPAddress.Loopback, "today");

        var (byReason, _) = denials.Read(Start.AddDays(1).AddMinutes(-RecentDenials.MaxMinutes));

        Assert.Equal(AccessReason.LinkExpired, Assert.Single(byReason).Reason);
    }
}
