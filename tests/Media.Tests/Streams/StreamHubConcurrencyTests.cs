using SecureStream.Media.Frames;
using SecureStream.Media.Streams;

namespace SecureStream.Media.Tests.Streams;

public sealed class StreamHubConcurrencyTests
{
    [Fact]
    public async Task SubscribersJoinAndLeaveWhileTheCameraSends_EachGetsAGaplessRunFromAKeyframe()
    {
        await using var fixture = new HubFixture(StreamSettings.Default with { SubscriberQueueFrames = 30_000, GopMaxFrames = 64 });
        await using var anchor = await fixture.SubscribeAsync();
        var camera = fixture.Factory.Current;

        // The camera's receive thread: never waits for the hub.
        var producer = Task.Run(() =>
        {
            for (var i = 0; i < 20_000; i++)
            {
                camera.EmitVideo(keyframe: i % 10 == 0, size: 10);
            }
        });

        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            var received = new List<List<MediaFrame>>();
            for (var i = 0; i < 25; i++)
            {
                var subscription = await fixture.SubscribeAsync();
                await Task.Yield();
                await subscription.DisposeAsync();
                Assert.Equal(0, subscription.FramesDropped);
                received.Add(await subscription.Frames.ReadAllAsync().ToListAsync());
            }

            return received;
        })));
        await producer;

        Assert.Contains(runs.SelectMany(r => r), run => run.Count > 0);
        foreach (var run in runs.SelectMany(r => r).Where(r => r.Count > 0))
        {
            Assert.True(run[0].IsKeyframe);
            for (var i = 1; i < run.Count; i++)
            {
                Assert.Equal(run[i - 1].Timestamp + 3000, run[i].Timestamp);
            }
        }

        Assert.Equal(20_000, fixture.Hub.GetStatistics(HubFixture.Camera)!.FramesIn);
        Assert.Equal(1, fixture.Hub.GetStatistics(HubFixture.Camera)!.Subscribers);
        Assert.Equal(1, fixture.Factory.Created);
    }
}
