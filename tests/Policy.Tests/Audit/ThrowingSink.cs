using Serilog.Core;
using Serilog.Events;

namespace SecureStream.Policy.Tests.Audit;

/// <summary>Stands in for Seq being down.</summary>
internal sealed class ThrowingSink : ILogEventSink
{
    public int Calls { get; private set; }

    public void Emit(LogEvent logEvent)
    {
        Calls++;
        throw new IOException("Seq is down");
    }
}
