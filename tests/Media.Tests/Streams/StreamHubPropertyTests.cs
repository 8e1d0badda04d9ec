using CsCheck;
using SecureStream.Media.Streams;
using SecureStream.Policy.Access;

namespace SecureStream.Media.Tests.Streams;

public sealed class StreamHubPropertyTests
{
    private static readonly TimeSpan[] Advances =
    [
        TimeSpan.FromMilliseconds(500),
        TimeSpan.FromSeconds(3),
        TimeSpan.FromSeconds(10),
        TimeSpan.FromSeconds(61),
    ];

    /// <summary>(operation, camera, argument)</summary>
    private static readonly Gen<(int Op, int Camera, int Arg)[]> Operations =
        Gen.Select(Gen.Int[0, 5], Gen.Int[0, 2], Gen.Int[0, 3]).Array[1, 40];

    [Fact]
    public async Task RandomSubscribeUnsubscribeFailuresAndTime_NeverMoreThanOneSourcePerCamera_NoSourceLeftAfterAllLeave()
    {
        await Operations.SampleAsync(RunAsync, iter: 40, threads: 1);
    }

    private static async Task RunAsync((int Op, int Camera, int Arg)[] operations)
    {
        await using var fixture = new HubFixture();
        var cameras = Enumerable.Range(0, 3).Select(i => new CameraPath("app", $"cam{i}")).ToArray();
        var urls = Enumerable.Range(0, 3).Select(i => (IReadOnlyList<Uri>)[new Uri($"rtsp://cam{i}-a.example/"), new Uri($"rtsp://cam{i}-b.example/")]).ToArray();
        var subscriptions = new List<StreamSubscription>();

        foreach (var (op, camera, arg) in operations)
        {
            switch (op)
            {
                case 0:
                    try
                    {
                        subscriptions.Add(await fixture.SubscribeAsync(cameras[camera], urls[camera]));
                    }
                    catch (StreamStartException ex) when (ex.Reason == StreamEndReasons.CameraUnreachable)
                    {
                    }

                    break;
                case 1 when subscriptions.Count > 0:
                    var leaving = subscriptions[arg % subscriptions.Count];
                    subscriptions.Remove(leaving);
                    await leaving.DisposeAsync();
                    break;
                case 2:
                    await AdvanceAsync(fixture, cameras, Advances[arg]);
                    break;
                case 3:
                    foreach (var source in fixture.Factory.Sources.Where(s => !s.IsDisposed && s.Sink is not null))
                    {
                        source.EmitVideo(keyframe: arg == 0);
                    }

                    break;
                case 4:
                    fixture.Factory.Sources.LastOrDefault(s => !s.IsDisposed && s.Url.Host.StartsWith($"cam{camera}-", StringComparison.Ordinal))?.End("connection_reset");
                    break;
                case 5:
                    fixture.Factory.Behaviour = arg == 0 ? FakeStartBehaviour.Fail : FakeStartBehaviour.Start;
                    break;
            }

            await FlushAllAsync(fixture, cameras);
            for (var i = 0; i < cameras.Length; i++)
            {
                var alive = fixture.Factory.Sources.Count(s => !s.IsDisposed && s.Url.Host.StartsWith($"cam{i}-", StringComparison.Ordinal));
                Assert.True(alive <= 1, $"camera {i} has {alive} sources alive");
                var attached = subscriptions.Count(s => s.Camera == cameras[i] && !s.Ended.IsCompleted);
                Assert.Equal(attached, fixture.Hub.GetStatistics(cameras[i])?.Subscribers ?? 0);
            }
        }

        foreach (var subscription in subscriptions)
        {
            await subscription.DisposeAsync();
        }

        // A healthy camera (frames keep coming) may only be released by the deletion timeout.
        fixture.Factory.Behaviour = FakeStartBehaviour.Start;
        await AdvanceAsync(fixture, cameras, StreamSettings.Default.UnusedStreamDeletionTimeout + TimeSpan.FromSeconds(1), emitFrames: true);

        Assert.Equal(0, fixture.Factory.Alive);
        Assert.Empty(fixture.Hub.GetAll());
        Assert.Equal(0, fixture.Meters.Sum("securestream.media.sources"));
        Assert.Equal(0, fixture.Meters.Sum("securestream.media.viewers"));
    }

    private static async Task AdvanceAsync(HubFixture fixture, CameraPath[] cameras, TimeSpan by, bool emitFrames = false)
    {
        var step = TimeSpan.FromSeconds(1);
        for (var left = by; left > TimeSpan.Zero; left -= step)
        {
            if (emitFrames)
            {
                foreach (var source in fixture.Factory.Sources.Where(s => !s.IsDisposed && s.Sink is not null))
                {
                    source.EmitVideo(keyframe: true);
                }
            }

            fixture.Time.Advance(left < step ? left : step);
            await FlushAllAsync(fixture, cameras);
        }
    }

    private static Task FlushAllAsync(HubFixture fixture, CameraPath[] cameras) =>
        Task.WhenAll(cameras.Select(c => fixture.FlushAsync(c)));
}
