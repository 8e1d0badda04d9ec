using Microsoft.Extensions.Logging;

namespace SecureStream.Proxy.Tests.Infrastructure;

/// <summary>A logger that records the event id of each message logged, for tests that count log events.</summary>
internal sealed class EventIdLog<T> : ILogger<T>
{
    public List<int> Ids { get; } = [];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Ids.Add(eventId.Id);
}
