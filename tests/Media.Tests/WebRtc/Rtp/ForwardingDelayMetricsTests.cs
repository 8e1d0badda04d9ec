using System.Diagnostics.Metrics;
using Microsoft.Extensions.Time.Testing;
using SecureStream.Media.Tests.Streams;
using SecureStream.Media.WebRtc.Rtp;
using static SecureStream.Media.Tests.WebRtc.Rtp.OutboundTestData;
using static SecureStream.Media.Tests.WebRtc.Srtp.SrtpTestData;

namespace SecureStream.Media.Tests.WebRtc.Rtp;

public sealed class ForwardingDelayMetricsTests
{
    [Fact]
    public async Task RunAsync_FramesFromBeforeTheWriter_NotRecorded_LiveFramesRecordedFromTheirArrival()
    {
        // Frames arriving 1/30 s apart from Start; the viewer's writer appears at Start + 0.5 s, so
        // the first 15 are the kept GOP / handshake backlog and the rest are live.
        using var meters = new TestMeterFactory();
        var time = new FakeTimeProvider(Start.AddMilliseconds(500));
        var metrics = new ForwardingDelayMetrics(meters, time);
        var recorded = new List<(double Seconds, string? Kind)>();
        using var listener = Listen(meters, recorded);
        var (gateway, _) = Pair(Profiles[0]);
        var writer = new ViewerRtpWriter(gateway, 1, 96, isVideo: true, (_, _) => ValueTask.CompletedTask, forwardingDelay: metrics);
        var frames = H264Frames();
        Assert.True(frames[0].IsKeyframe, "the fixture starts with a keyframe");
        var packetizer = new OutboundTrackPacketizer(Video(), 1, 1);
        foreach (var frame in frames)
        {
            Assert.True(writer.Enqueue(packetizer.Packetize(frame)!));
        }

        time.SetUtcNow(Start.AddSeconds(2));
        writer.Complete();
        await writer.RunAsync(CancellationToken.None);

        var live = frames.Where(f => f.ReceivedAt >= Start.AddMilliseconds(500)).ToList();
        Assert.Equal(frames.Count - 15, live.Count);
        Assert.NotEmpty(live);
        Assert.Equal(live.Select(f => ((Start.AddSeconds(2) - f.ReceivedAt).TotalSeconds, (string?)"video")), recorded);
    }

    [Fact]
    public async Task RunAsync_WithoutMetrics_SendsEverythingAndRecordsNothing()
    {
        using var meters = new TestMeterFactory();
        var recorded = new List<(double Seconds, string? Kind)>();
        using var listener = Listen(meters, recorded);
        var (gateway, _) = Pair(Profiles[0]);
        var sent = new List<byte[]>();
        var writer = ViewerRtpWriterTests.Writer(gateway, sent);
        var packetizer = new OutboundTrackPacketizer(Video(), 1, 1);
        var frames = H264Frames(count: 10).Select(f => packetizer.Packetize(f)!).ToList();
        foreach (var frame in frames)
        {
            writer.Enqueue(frame);
        }

        await ViewerRtpWriterTests.DrainAsync(writer);

        Assert.Equal(frames.Sum(f => f.Packets.Count), sent.Count);
        Assert.Empty(recorded);
    }

    private static MeterListener Listen(TestMeterFactory meters, List<(double Seconds, string? Kind)> recorded)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Scope == meters && instrument.Name == ForwardingDelayMetrics.InstrumentName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((_, value, tags, _) =>
        {
            var kind = tags.ToArray().FirstOrDefault(t => t.Key == "kind").Value as string;
            lock (recorded)
            {
                recorded.Add((value, kind));
            }
        });
        listener.Start();
        return listener;
    }
}
