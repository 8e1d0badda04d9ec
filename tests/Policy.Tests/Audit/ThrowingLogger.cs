using Serilog.Events;

namespace SecureStream.Policy.Tests.Audit;

/// <summary>A Serilog logger that throws from Write (bypassing Serilog's own sink isolation).</summary>
internal sealed class ThrowingLogger : Serilog.ILogger
{
    public int Calls { get; private set; }

    public void Write(LogEvent logEvent)
    {
        Calls++;
        throw new InvalidOperationException("logger broken");
    }
}
