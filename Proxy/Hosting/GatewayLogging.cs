using SecureStream.Policy.Audit;
using SecureStream.Policy.Secrets;
using SecureStream.Proxy.Gate;
using Serilog;
using Serilog.Events;

namespace SecureStream.Proxy.Hosting;

/// <summary>
/// Two Serilog pipelines. Diagnostics (lossy, for operators): console, and Seq when configured.
/// Audit (for reviewers): its own logger writing the typed audit events to the console and to Seq;
/// the durable record is the hash-chained journal, so Seq being down never stops viewing.
/// </summary>
internal static class GatewayLogging
{
    /// <summary>
    /// Console lines wait here for a background writer instead of being written on the request's
    /// thread: a slow or blocked stdout (a paused terminal, a log driver's full pipe) must not
    /// stall admissions, which wrote three audit copies each. Beyond this many queued lines the
    /// console copy drops lines; the audit journal, the durable record, is not affected.
    /// </summary>
    private const int ConsoleBufferEvents = 10_000;

    public static void Configure(WebApplicationBuilder builder)
    {
        var audit = builder.Configuration.GetSection(AuditOptions.SectionName).Get<AuditOptions>() ?? new AuditOptions();
        var seqKey = ResolveSeqKey(audit.Seq.ApiKey);
        builder.Services.AddSerilog((services, logger) =>
        {
            logger.MinimumLevel.Information()
                .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
                .MinimumLevel.Override("Microsoft.Hosting.Lifetime", LogEventLevel.Information)
                .MinimumLevel.Override("Yarp", LogEventLevel.Warning)
                // Nothing here uses data protection (no cookies, no antiforgery); its
                // "no XML encryptor" start-up warning asks nobody to act.
                .MinimumLevel.Override("Microsoft.AspNetCore.DataProtection", LogEventLevel.Error)
                .MinimumLevel.Override("System.Net.Http.HttpClient", LogEventLevel.Warning)
                .Enrich.FromLogContext()
                // Sinks and filters registered as services join the pipeline (the tests capture logs this way).
                .ReadFrom.Services(services)
                // A viewer's WebSocket dropping is an ordinary end, not a warning with a stack trace.
                .Filter.With(new ViewerDropLogFilter())
                .WriteToConsole(services, "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}");
            if (!string.IsNullOrEmpty(audit.Seq.Url))
            {
                logger.WriteTo.Seq(audit.Seq.Url, apiKey: seqKey);
            }
        },
        // Each host owns its logger. Otherwise Serilog installs it as the process-wide static
        // logger, which the next host built in the same process (the functional tests run several)
        // replaces, and whose disposal closes it for every other host.
        preserveStaticLogger: true);

        if (System.Console.IsOutputRedirected)
        {
            builder.Services.AddSingleton(_ => new ConsoleLineWriter(ConsoleBufferEvents));
        }

        builder.Services.AddSingleton(services =>
        {
            var configuration = new LoggerConfiguration()
                .MinimumLevel.Information()
                .Enrich.WithProperty("Stream", "audit")
                .WriteToConsole(services, "[{Timestamp:HH:mm:ss} AUD] {Message:lj}{NewLine}");
            if (!string.IsNullOrEmpty(audit.Seq.Url))
            {
                configuration.WriteTo.Seq(audit.Seq.Url, apiKey: seqKey);
            }

            // Without Seq the console is the copy's only sink, and its lines show the message alone.
            return new AuditLogger(configuration.CreateLogger(), messageOnly: string.IsNullOrEmpty(audit.Seq.Url));
        });
    }

    /// <summary>
    /// The console copy of a stream: redirected (a service, a container), through the one shared
    /// <see cref="ConsoleLineWriter"/>, batched; in a terminal, Serilog's coloured console sink
    /// behind its background worker, line by line, for a person reading along.
    /// </summary>
    private static LoggerConfiguration WriteToConsole(this LoggerConfiguration configuration, IServiceProvider services, string outputTemplate) =>
        services.GetService<ConsoleLineWriter>() is { } writer
            ? configuration.WriteTo.Sink(new ConsoleLineSink(writer, outputTemplate))
            : configuration.WriteTo.Async(console => console.Console(outputTemplate: outputTemplate), ConsoleBufferEvents);

    private static string? ResolveSeqKey(string? reference) =>
        string.IsNullOrEmpty(reference) ? null
            : SecretReference.TryResolve(reference, out var key, out _) ? System.Text.Encoding.UTF8.GetString(key!.Span) : null;

    /// <summary>The audit stream's own Serilog logger, flushed and closed with the host.</summary>
    internal sealed class AuditLogger(Serilog.Core.Logger logger, bool messageOnly) : IDisposable
    {
        public Serilog.ILogger Logger => logger;

        /// <summary>True when no sink shows more than the message: the copy needs only its fields.</summary>
        public bool MessageOnly => messageOnly;

        public void Dispose() => logger.Dispose();
    }
}
