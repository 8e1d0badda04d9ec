using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SecureStream.Policy.Secrets;

namespace SecureStream.Policy.Audit;

/// <summary>Wires the audit capability: options, journal, writer.</summary>
internal static class AuditServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates the <c>Audit</c> section at start, registers the journal (opened when
    /// the host starts, so a damaged journal is reported before the first request) and
    /// <see cref="IAuditWriter"/>. <paramref name="auditLogger"/> supplies the Serilog logger whose
    /// sinks (Seq, console) receive the copy of each record; the front door configures them.
    /// <paramref name="nodeId"/> supplies this node's id, written into every record (the front
    /// door's resolved <c>Cluster:NodeId</c>, docs/cluster.md). <paramref name="copyMessageOnly"/>
    /// answers true when none of that logger's sinks shows more than the message (a console-only
    /// logger), so the copy carries only the message's fields (<see cref="AuditWriter"/>).
    /// </summary>
    public static IServiceCollection AddAudit(
        this IServiceCollection services, Func<IServiceProvider, Serilog.ILogger> auditLogger, Func<IServiceProvider, string> nodeId,
        Func<IServiceProvider, bool>? copyMessageOnly = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(auditLogger);
        ArgumentNullException.ThrowIfNull(nodeId);
        services.AddOptions<AuditOptions>().BindConfiguration(AuditOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AuditOptions>, AuditOptionsValidator>());
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<AuditOptions>>().Value;
            return new AuditJournal(options, ResolveCheckpointKey(options), sp.GetService<TimeProvider>() ?? TimeProvider.System,
                sp.GetRequiredService<ILogger<AuditJournal>>(), node: nodeId(sp), metrics: sp.GetRequiredService<AuditMetrics>());
        });
        // The journal's instruments (docs/metrics.md); a host registers the meter factory already.
        services.AddMetrics();
        services.TryAddSingleton<AuditMetrics>();
        services.TryAddSingleton<IAuditWriter>(sp => new AuditWriter(
            sp.GetRequiredService<AuditJournal>(), auditLogger(sp), sp.GetRequiredService<ILogger<AuditWriter>>(),
            messageOnly: copyMessageOnly?.Invoke(sp) ?? false));
        services.AddHostedService<AuditJournalStartup>();
        return services;
    }

    /// <summary>The validator has already resolved the reference; this only fails if the secret vanished since.</summary>
    private static AuditCheckpointKey ResolveCheckpointKey(AuditOptions options) =>
        SecretReference.TryResolve(options.CheckpointKey, out var key, out var error)
            ? new AuditCheckpointKey(key!.Span)
            : throw new InvalidOperationException("Audit:CheckpointKey " + error);
}
