using Serilog.Events;
using Serilog.Parsing;
using SecureStream.Proxy.Hosting;

namespace SecureStream.Proxy.Tests.Hosting;

/// <summary>The console copies' batched writer: whole lines in order, overflow dropped and counted, everything queued written at stop.</summary>
public sealed class ConsoleLineWriterTests
{
    [Fact]
    public async Task Lines_WrittenInOrder_BothStreamsThroughOneWriter()
    {
        var output = new Output();
        using var writer = new ConsoleLineWriter(output, capacity: 100, TimeSpan.FromMilliseconds(20));
        var log = new ConsoleLineSink(writer, "LOG {Message:lj}{NewLine}");
        var audit = new ConsoleLineSink(writer, "AUD {Message:lj}{NewLine}");

        for (var i = 0; i < 10; i++)
        {
            (i % 2 == 0 ? log : audit).Emit(Event(i));
        }

        Assert.True(await Functional.Infrastructure.GatewayUnderTest.EventuallyAsync(() => output.Lines().Length == 10));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (i % 2 == 0 ? "LOG" : "AUD") + " event " + i), output.Lines());
        Assert.Equal(0, writer.Dropped);
    }

    [Fact]
    public void QueueFull_NewLinesDroppedAndCounted_QueuedOnesWrittenAtStop()
    {
        var output = new Output();
        // An interval far beyond the test: only Dispose writes.
        var writer = new ConsoleLineWriter(output, capacity: 10, TimeSpan.FromHours(1));
        var sink = new ConsoleLineSink(writer, "{Message:lj}{NewLine}");

        for (var i = 0; i < 15; i++)
        {
            sink.Emit(Event(i));
        }

        Assert.Equal(5, writer.Dropped);
        Assert.Empty(output.Lines());
        writer.Dispose();
        Assert.Equal(Enumerable.Range(0, 10).Select(i => "event " + i), output.Lines());
    }

    private static LogEvent Event(int number) => new(
        DateTimeOffset.UtcNow, LogEventLevel.Information, null, new MessageTemplateParser().Parse("event {Number}"),
        [new LogEventProperty("Number", new ScalarValue(number))]);

    /// <summary>A StringWriter readable while written, and still after the writer disposed it.</summary>
    private sealed class Output : StringWriter
    {
        private readonly Lock _gate = new();
        private string _flushed = string.Empty;

        public override void Flush()
        {
            lock (_gate)
            {
                _flushed = ToString();
            }
        }

        public string[] Lines()
        {
            lock (_gate)
            {
                return _flushed.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
            }
        }

        protected override void Dispose(bool disposing)
        {
            Flush();
            base.Dispose(disposing);
        }
    }
}
