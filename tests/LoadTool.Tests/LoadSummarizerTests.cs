using Microsoft.Extensions.Time.Testing;
using SecureStream.ViewerClient;

namespace SecureStream.LoadTool.Tests;

public sealed class LoadSummarizerTests
{
    [Fact]
    public void Summarize_PlayedFailedAndNoKeyframe_CountsPercentilesAndLoss()
    {
        var viewers = new[]
        {
            LoadSummarizer.Report(0, Played(firstPacketMs: 100, firstKeyframeMs: 150, packets: 990, lost: 10)),
            LoadSummarizer.Report(1, Played(firstPacketMs: 300, firstKeyframeMs: 900, packets: 1000, lost: 0)),
            LoadSummarizer.Report(2, Played(firstPacketMs: 200, firstKeyframeMs: 250, packets: 1000, lost: 0)),
            LoadSummarizer.Report(3, Failed("http_403")),
            LoadSummarizer.Report(4, Played(firstPacketMs: 50, firstKeyframeMs: null, packets: 10, lost: 0)),
        };

        var summary = LoadSummarizer.Summarize(viewers);

        Assert.Equal(5, summary.Started);
        Assert.Equal(3, summary.Played);
        Assert.Equal(1, summary.Failures["http_403"]);
        Assert.Equal(1, summary.Failures[LoadSummarizer.NoKeyframe]);
        Assert.Equal(200, summary.FirstPacketP50Ms);
        Assert.Equal(300, summary.FirstPacketP99Ms);
        Assert.Equal(250, summary.FirstKeyframeP50Ms);
        Assert.Equal(900, summary.FirstKeyframeP99Ms);
        Assert.Equal(10, summary.Lost);
        Assert.Equal(10 * 100.0 / 3010, summary.LossPercent, 6);
        Assert.Equal(1_500_000, summary.MeanBitsPerSecond);
    }

    [Fact]
    public void Cost_WindowAgainstBaseline_CpuPerSecondPerViewerAndResidentPerViewer()
    {
        var time = new FakeTimeProvider();
        var baselineStart = Sample(time, cpuSeconds: 10, residentMb: 100);
        time.Advance(TimeSpan.FromSeconds(2));
        var baselineEnd = Sample(time, cpuSeconds: 10.02, residentMb: 100);
        time.Advance(TimeSpan.FromSeconds(3));
        var warm = Sample(time, cpuSeconds: 10.5, residentMb: 110);
        time.Advance(TimeSpan.FromSeconds(2));
        var start = Sample(time, cpuSeconds: 12, residentMb: 118);
        time.Advance(TimeSpan.FromSeconds(10));
        var end = Sample(time, cpuSeconds: 16, residentMb: 122);

        var cost = LoadSummarizer.Cost(1, baselineStart, baselineEnd, warm, start, end, [start, end], end, viewers: 20, steady: true, time);

        Assert.Equal(0.01, cost.BaselineCpuPerSecond, 6);
        Assert.Equal(0.4, cost.CpuPerSecond, 6);
        Assert.Equal(0.02, cost.CpuPerViewer!.Value, 6);
        Assert.Equal(120L * 1048576, cost.ResidentBytes);
        Assert.Equal(122L * 1048576, cost.PeakResidentBytes);
        Assert.Equal(110L * 1048576, cost.WarmResidentBytes);
        Assert.Equal(1048576 / 2, cost.ResidentPerViewerBytes);
    }

    [Fact]
    public void Cost_Churn_NoMemoryPerViewer()
    {
        var time = new FakeTimeProvider();
        var baseline = Sample(time, cpuSeconds: 1, residentMb: 200);
        time.Advance(TimeSpan.FromSeconds(10));
        var end = Sample(time, cpuSeconds: 3, residentMb: 190);

        var cost = LoadSummarizer.Cost(1, baseline, baseline, baseline, baseline, end, [end], end, viewers: 40, steady: false, time);

        Assert.Equal(0.005, cost.CpuPerViewer!.Value, 6);
        Assert.Null(cost.ResidentPerViewerBytes);
    }

    [Fact]
    public void Rate_SameInstant_Zero()
    {
        var time = new FakeTimeProvider();
        var sample = Sample(time, 1, 1);

        Assert.Equal(0, LoadSummarizer.Rate(sample, sample, time));
    }

    [Fact]
    public void ReportTable_Format_OneHeaderOneRowAndFailures()
    {
        var reports = new[] { LoadSummarizer.Report(0, Played(100, 150, 1000, 0)), LoadSummarizer.Report(1, Failed("ice_timeout")) };
        var report = new LoadReport("fixed", DateTimeOffset.UnixEpoch, 2, 10, null, 10, LoadSummarizer.Summarize(reports), null, reports);

        var lines = ReportTable.Format(report).Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(3, lines.Length);
        Assert.Equal(lines[0].Length, lines[1].Length);
        Assert.Contains("100/100", lines[1], StringComparison.Ordinal);
        Assert.Equal("not played: ice_timeout ×1", lines[2]);
    }

    private static ViewerResult Played(double firstPacketMs, double? firstKeyframeMs, long packets, long lost) => new(
        null,
        TimeSpan.FromMilliseconds(20),
        TimeSpan.FromMilliseconds(40),
        TimeSpan.FromMilliseconds(firstPacketMs),
        firstKeyframeMs is { } k ? TimeSpan.FromMilliseconds(k) : null,
        packets,
        packets * 1000,
        1_500_000,
        lost,
        packets / 4,
        1,
        0,
        0,
        0,
        0,
        (640, 360));

    private static ViewerResult Failed(string reason) => new(reason, null, null, null, null, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, null);

    private static ProcSample Sample(FakeTimeProvider time, double cpuSeconds, double residentMb) =>
        new(time.GetTimestamp(), TimeSpan.FromSeconds(cpuSeconds), (long)(residentMb * 1048576), 20, 100, 10);
}
