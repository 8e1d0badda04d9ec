using System.Diagnostics.Metrics;
using SecureStream.Media.Streams;
using SecureStream.Policy.Access;

namespace SecureStream.Media.Tests.Streams;

/// <summary>The hub's per-camera instruments: events counted with their camera, gauges read from the hub at scrape.</summary>
public sealed class CameraMetricsTests
{
    private const string Camera = "app/cam1";

    [Fact]
    public async Task EveryInstrumentThatLabelsByCamera_IsListed_AndNoOtherIs()
    {
        await using var fixture = new HubFixture();
        var byCamera = new HashSet<string>(StringComparer.Ordinal);
        var withoutCamera = new HashSet<string>(StringComparer.Ordinal);
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Scope == fixture.Meters)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        void Seen(Instrument instrument, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var camera = false;
            foreach (var tag in tags)
            {
                camera |= tag.Key == "camera";
            }

            lock (byCamera)
            {
                (camera ? byCamera : withoutCamera).Add(instrument.Name);
            }
        }

        listener.SetMeasurementEventCallback<int>((instrument, _, tags, _) => Seen(instrument, tags));
        listener.SetMeasurementEventCallback<long>((instrument, _, tags, _) => Seen(instrument, tags));
        listener.Start();
        _ = new CameraPullMetrics(fixture.Meters, fixture.Hub);

        // A pull that plays, fails over on silence and is watched: every hub instrument records.
        await using (var subscription = await fixture.SubscribeAsync(urls: [HubFixture.Url1, HubFixture.Url2]))
        {
            fixture.Factory.Current.EmitVideo(keyframe: true);
            await fixture.AdvanceAsync(fixture.Settings.NoInputFailoverTimeout);
            listener.RecordObservableInstruments();
        }

        Assert.Contains("securestream.media.failovers", byCamera);
        Assert.Contains("securestream.media.camera.viewers", byCamera);
        Assert.Contains("securestream.media.viewers", withoutCamera);
        Assert.All(byCamera, name => Assert.True(CameraLabelledInstruments.Contains(name), name + " labels by camera but is not listed"));
        Assert.All(withoutCamera.Except(byCamera), name => Assert.False(CameraLabelledInstruments.Contains(name), name + " is listed but has no camera label"));
    }

    [Fact]
    public async Task NoInput_CountsPullFailureFailoverAndReconnectUnderTheCamera()
    {
        await using var fixture = new HubFixture();
        await using var subscription = await fixture.SubscribeAsync(urls: [HubFixture.Url1, HubFixture.Url2]);
        fixture.Factory.Current.EmitVideo(keyframe: true);
        Assert.Equal(0, fixture.Meters.Sum("securestream.media.rtsp_reconnects"));

        await fixture.AdvanceAsync(fixture.Settings.NoInputFailoverTimeout);

        Assert.Equal(1, fixture.Meters.Sum($"securestream.media.pull_failures{{camera={Camera}}}"));
        Assert.Equal(1, fixture.Meters.Sum("securestream.media.pull_failures{reason=no_input}"));
        Assert.Equal(1, fixture.Meters.Sum($"securestream.media.failovers{{camera={Camera}}}"));
        Assert.Equal(1, fixture.Meters.Sum("securestream.media.failovers{reason=no_input}"));
        Assert.Equal(1, fixture.Meters.Sum($"securestream.media.rtsp_reconnects{{camera={Camera}}}"));
    }

    [Fact]
    public async Task EveryUrlRefuses_CountsEachAttemptByItsReasonAndThePullGivenUp()
    {
        await using var fixture = new HubFixture();
        fixture.Factory.Behaviour = FakeStartBehaviour.Fail;
        fixture.Factory.FailureReason = "connect_failed";

        var refused = await Assert.ThrowsAsync<StreamStartException>(async () => await fixture.SubscribeAsync(urls: [HubFixture.Url1, HubFixture.Url2]));

        Assert.Equal(StreamEndReasons.CameraUnreachable, refused.Reason);
        Assert.Equal(2, fixture.Meters.Sum("securestream.media.pull_failures{reason=connect_failed}"));
        Assert.Equal(1, fixture.Meters.Sum("securestream.media.pull_failures{reason=camera_unreachable}"));
        Assert.Equal(3, fixture.Meters.Sum($"securestream.media.pull_failures{{camera={Camera}}}"));
        Assert.Equal(1, fixture.Meters.Sum($"securestream.media.rtsp_reconnects{{camera={Camera}}}"));
    }

    [Fact]
    public async Task Gauges_ShowEachPulledCameraWithItsSubscribers_AndPullingOnlyWhileTheSourceIsConnected()
    {
        await using var fixture = new HubFixture();
        using var observed = new ObservedMetrics(fixture.Meters);
        _ = new CameraPullMetrics(fixture.Meters, fixture.Hub);
        var other = new CameraPath("app", "cam2");

        Assert.False(observed.Collect().Shows($"securestream.media.camera.pulling{{camera={Camera}}}"));

        await using var first = await fixture.SubscribeAsync(urls: [HubFixture.Url1, HubFixture.Url2]);
        await using var second = await fixture.SubscribeAsync();
        await using var third = await fixture.SubscribeAsync(other);
        fixture.Factory.Latest(HubFixture.Url1)!.EmitVideo(keyframe: true);
        observed.Collect();

        Assert.Equal(1, observed.Value($"securestream.media.camera.pulling{{camera={Camera}}}"));
        Assert.Equal(2, observed.Value($"securestream.media.camera.viewers{{camera={Camera}}}"));
        Assert.Equal(1, observed.Value("securestream.media.camera.viewers{camera=app/cam2}"));
        Assert.Equal(1, observed.Value("securestream.media.camera.pulling{camera=app/cam2}"));

        // The failover's next source hangs in its start: the camera is not pulled meanwhile.
        fixture.Factory.Behaviour = FakeStartBehaviour.Hang;
        await fixture.AdvanceAsync(fixture.Settings.NoInputFailoverTimeout, camera: HubFixture.Camera);
        observed.Collect();

        Assert.Equal(0, observed.Value($"securestream.media.camera.pulling{{camera={Camera}}}"));
        Assert.Equal(2, observed.Value($"securestream.media.camera.viewers{{camera={Camera}}}"));
        Assert.Equal(1, observed.Value("securestream.media.camera.viewers{camera=app/cam2}"));
    }
}
