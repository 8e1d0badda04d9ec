using Microsoft.Extensions.Logging.Abstractions;
using SecureStream.Media.Frames;
using SecureStream.Media.Tests.Streams;
using SecureStream.Media.Transcoding;
using static SecureStream.Media.Tests.Transcoding.TranscoderTestKit;

namespace SecureStream.Media.Tests.Transcoding;

/// <summary>The transcoders gauge, read from the hub at scrape: with the real ffmpeg in its box.</summary>
[Collection(FfmpegTests.Name)]
public sealed class TranscoderMetricsTests
{
    [Fact]
    public async Task Gauge_ZeroBeforeTheHub_ThenTheRunningTranscodersByKind()
    {
        using var meters = new TestMeterFactory();
        using var observed = new ObservedMetrics(meters);
        var metrics = new TranscoderMetrics(meters);

        observed.Collect();
        Assert.True(observed.Shows("securestream.media.transcoders.running{kind=audio}"));
        Assert.Equal(0, observed.Value("securestream.media.transcoders.running"));

        var options = Options();
        await using var hub = new TranscoderHub(Box(options), Microsoft.Extensions.Options.Options.Create(options), TimeProvider.System, NullLoggerFactory.Instance, metrics: metrics);
        await using var camera = await AacCameraAsync(0);
        var viewer = Viewer();
        await using (await hub.JoinAsync(Pull(), camera.Track, MediaCodec.Opus, viewer, camera.SubscribeAsync, CancellationToken.None))
        {
            observed.Collect();
            Assert.Equal(1, observed.Value("securestream.media.transcoders.running{kind=audio}"));
            Assert.Equal(0, observed.Value("securestream.media.transcoders.running{kind=video}"));
        }

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (hub.Running > 0)
        {
            await Task.Delay(10, deadline.Token);
        }

        Assert.Equal(0, observed.Collect().Value("securestream.media.transcoders.running"));
    }
}
