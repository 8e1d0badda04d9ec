using Microsoft.Extensions.Time.Testing;
using SecureStream.Policy.Access;
using SecureStream.Proxy.Sessions;

namespace SecureStream.Proxy.Tests.Sessions;

public sealed class RecentlyEndedResourcesTests
{
    private static readonly CameraPath Camera = new("app", "cam1");
    private static readonly CameraPath Other = new("app", "cam2");

    [Fact]
    public void Contains_WithinRetentionAndSameCamera_ThenForgotten()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var ended = new RecentlyEndedResources(time);

        ended.Remember("r1", Camera, anyCamera: false);

        Assert.True(ended.Contains("r1", Camera));
        Assert.False(ended.Contains("r1", Other));
        Assert.False(ended.Contains("r2", Camera));
        time.Advance(RecentlyEndedResources.Retention);
        Assert.True(ended.Contains("r1", Camera));
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.False(ended.Contains("r1", Camera));
    }

    [Fact]
    public void Contains_RewrittenUrl_AnyCameraMatches()
    {
        var ended = new RecentlyEndedResources(new FakeTimeProvider(DateTimeOffset.UnixEpoch));

        ended.Remember("r1", Camera, anyCamera: true);

        Assert.True(ended.Contains("r1", Other));
    }

    [Fact]
    public void Remember_PrunesExpiredEntriesAndStaysWithinCapacity()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var ended = new RecentlyEndedResources(time);
        ended.Remember("old", Camera, anyCamera: false);
        time.Advance(RecentlyEndedResources.Retention + TimeSpan.FromSeconds(1));

        ended.Remember("new", Camera, anyCamera: false);
        Assert.Equal(1, ended.Count);

        for (var i = 0; i < RecentlyEndedResources.Capacity + 10; i++)
        {
            ended.Remember($"r{i}", Camera, anyCamera: false);
        }

        Assert.Equal(RecentlyEndedResources.Capacity, ended.Count);
        Assert.False(ended.Contains("new", Camera));
        Assert.False(ended.Contains("r0", Camera));
        Assert.True(ended.Contains($"r{RecentlyEndedResources.Capacity + 9}", Camera));
    }

    [Fact]
    public void Remember_SameResourceAgain_KeepsTheNewerEntryWhenTheOlderExpires()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var ended = new RecentlyEndedResources(time);
        ended.Remember("r1", Camera, anyCamera: false);
        time.Advance(TimeSpan.FromMinutes(1));
        ended.Remember("r1", Camera, anyCamera: false);
        time.Advance(TimeSpan.FromSeconds(61));

        // The first entry's turn in the queue comes, but the newer one is kept.
        ended.Remember("r2", Camera, anyCamera: false);

        Assert.True(ended.Contains("r1", Camera));
    }
}
