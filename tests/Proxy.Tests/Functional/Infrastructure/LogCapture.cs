using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;
using Serilog.Events;

namespace SecureStream.Proxy.Tests.Functional.Infrastructure;

/// <summary>
/// The gateway's diagnostic log as it would reach the console and Seq: a Serilog sink registered
/// as a service, which the gateway's logging pipeline picks up (so its levels and filters apply).
/// </summary>
public sealed class LogCapture : ILogEventSink
{
    public ConcurrentQueue<LogEvent> Events { get; } = new();

    public void Emit(LogEvent logEvent) => Events.Enqueue(logEvent);

    /// <summary>Registers this capture with a gateway about to start (pass as its <c>services</c>).</summary>
    public void Register(IServiceCollection services) => services.AddSingleton<ILogEventSink>(this);

    /// <summary>
    /// Registers this capture and lowers the gateway's minimum level to <paramref name="minimum"/>
    /// (categories the gateway holds at Warning, such as YARP's, stay there).
    /// </summary>
    public void Register(IServiceCollection services, LogEventLevel minimum)
    {
        Register(services);
        services.AddSingleton(new LoggingLevelSwitch(minimum));
    }

    /// <summary>Entries with this event id (from the <c>EventId</c> property Microsoft.Extensions.Logging adds).</summary>
    public IReadOnlyList<LogEvent> WithEventId(int id) =>
        Events.Where(e => e.Properties.TryGetValue("EventId", out var eventId)
                          && eventId is StructureValue structure
                          && structure.Properties.Any(p => p.Name == "Id" && p.Value is ScalarValue { Value: int value } && value == id)).ToList();

    /// <summary>Entries someone would have to act on and that carry a stack trace: Warning and above with an exception.</summary>
    public IReadOnlyList<LogEvent> AlarmsWithException() =>
        Events.Where(e => e.Level >= LogEventLevel.Warning && e.Exception is not null).ToList();

    /// <summary>One line per entry, for an assertion message.</summary>
    public static string Describe(IEnumerable<LogEvent> events) => string.Join(
        Environment.NewLine,
        events.Select(e => $"{e.Level} {(e.Properties.TryGetValue("SourceContext", out var source) ? source.ToString() : "?")} {e.RenderMessage(System.Globalization.CultureInfo.InvariantCulture)} {e.Exception?.GetType().Name}"));
}
