using Microsoft.Extensions.Hosting;

namespace SecureStream.Policy.Audit;

/// <summary>
/// Opens the journal when the host starts instead of on the first request, so a damaged or
/// unwritable journal is logged at start (the gate still starts and denies with 503: refusing to
/// start would hide the reason from the operator behind a crash loop). The container disposes
/// the journal at shutdown, which writes what is queued. Takes the writer too, so the journal's
/// own records (checkpoints, retention, disk warnings) have their Serilog copy from the start.
/// </summary>
#pragma warning disable CS9113 // The writer is taken only to be constructed (and hook the journal) at start.
internal sealed class AuditJournalStartup(AuditJournal journal, IAuditWriter writer) : IHostedService
#pragma warning restore CS9113
{
    /// <summary>The journal, resolved (and so opened) by the container when it built this service.</summary>
    public bool JournalAvailable => journal.IsAvailable;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => journal.WriteShutdownCheckpointAsync(cancellationToken);
}
