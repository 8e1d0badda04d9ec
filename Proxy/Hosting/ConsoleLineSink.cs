using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;
using Serilog.Formatting.Display;

namespace SecureStream.Proxy.Hosting;

/// <summary>One stream's console copy, formatted with its output template and written by the shared <see cref="ConsoleLineWriter"/>.</summary>
internal sealed class ConsoleLineSink(ConsoleLineWriter writer, string outputTemplate) : ILogEventSink
{
    private readonly ITextFormatter _formatter = new MessageTemplateTextFormatter(outputTemplate);

    public void Emit(LogEvent logEvent) => writer.Enqueue(_formatter, logEvent);
}
