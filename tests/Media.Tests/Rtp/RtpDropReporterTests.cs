using Microsoft.Extensions.Logging;
using SecureStream.Media.Rtp;

namespace SecureStream.Media.Tests.Rtp;

public sealed class RtpDropReporterTests
{
    [Fact]
    public void Report_OncePerIntervalWithDeltas_SilentWhenNothingDropped()
    {
        var logger = new ListLogger();
        var reporter = new RtpDropReporter(logger);
        var counters = new RtpTrackCounters();
        counters.AddPacket(100);
        counters.Drop(RtpDropReason.FragmentWithoutStart);
        counters.Drop(RtpDropReason.FragmentWithoutStart);
        counters.Drop(RtpDropReason.MalformedRtcp);

        Assert.Equal(3, reporter.Report("app/cam1", 0, counters.Snapshot()));
        Assert.Equal(0, reporter.Report("app/cam1", 0, counters.Snapshot()));
        counters.Drop(RtpDropReason.OversizedAccessUnit);
        Assert.Equal(1, reporter.Report("app/cam1", 0, counters.Snapshot()));

        Assert.Equal(2, logger.Entries.Count);
        Assert.Equal(3150, logger.Entries[0].Id.Id);
        Assert.Equal(LogLevel.Warning, logger.Entries[0].Level);
        Assert.Contains("FragmentWithoutStart=2, MalformedRtcp=1", logger.Entries[0].Message, StringComparison.Ordinal);
        Assert.Contains("OversizedAccessUnit=1", logger.Entries[1].Message, StringComparison.Ordinal);
    }

    private sealed class ListLogger : ILogger
    {
        public List<(EventId Id, LogLevel Level, string Message)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add((eventId, logLevel, formatter(state, exception)));
    }
}
