using Microsoft.Extensions.Options;
using SecureStream.Policy.Audit;
using SecureStream.Policy.PolicyFile;
using SecureStream.Policy.Sessions;
using SecureStream.Proxy.Sessions;

namespace SecureStream.Proxy.Hosting;

/// <summary>
/// Reloads policy.json when it changes, without a restart. The new file is validated whole; a bad
/// file leaves the running policy in place. Either way a <c>policy.reloaded</c> audit record says
/// what happened. Sessions of operators the new policy disables or removes are ended.
/// </summary>
internal sealed partial class PolicyReloadService(
    PolicyStore store,
    IOptions<PolicyOptions> options,
    SessionRegistry sessions,
    IAuditWriter audit,
    TimeProvider time,
    ILogger<PolicyReloadService> logger) : BackgroundService
{
    private readonly SemaphoreSlim _changed = new(0);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.ReloadOnChange || store.Path is null)
        {
            return;
        }

        var full = Path.GetFullPath(store.Path);
        using var watcher = new FileSystemWatcher(Path.GetDirectoryName(full)!, Path.GetFileName(full))
        {
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.FileName | NotifyFilters.CreationTime,
        };
        watcher.Changed += (_, _) => _changed.Release();
        watcher.Created += (_, _) => _changed.Release();
        watcher.Renamed += (_, _) => _changed.Release();
        watcher.EnableRaisingEvents = true;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await _changed.WaitAsync(stoppingToken);
                // Editors write in bursts; settle before reading.
                await Task.Delay(TimeSpan.FromMilliseconds(200), time, stoppingToken);
                while (_changed.CurrentCount > 0)
                {
                    await _changed.WaitAsync(stoppingToken);
                }

                await ReloadAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
    }

    /// <summary>Reloads now (also used by the management API); returns the problems, empty on success.</summary>
    public async Task<IReadOnlyList<string>> ReloadAsync(CancellationToken cancellationToken)
    {
        var result = store.Reload(time);
        if (result.Snapshot is { } snapshot)
        {
            Log.Reloaded(logger, snapshot.ContentHash);
            var now = time.GetUtcNow();
            sessions.EndWhere(session => !SessionRevocation.MayContinue(snapshot, session, now), SessionEndReason.Revoked);
        }
        else
        {
            Log.ReloadRejected(logger, result.Errors.Count, string.Join("; ", result.Errors));
        }

        await audit.WriteAsync(
            new PolicyReloadedRecord
            {
                Time = time.GetUtcNow(),
                // The POST /v1/policy/reload request's trace; a reload by the file watcher has none.
                TraceId = System.Diagnostics.Activity.Current?.TraceId.ToString(),
                Succeeded = result.Succeeded,
                ErrorCount = result.Errors.Count,
                ContentHash = result.Snapshot?.ContentHash,
            },
            cancellationToken);
        return result.Errors;
    }

    public override void Dispose()
    {
        _changed.Dispose();
        base.Dispose();
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1300, Level = LogLevel.Information, Message = "Policy reloaded (content {ContentHash})")]
        public static partial void Reloaded(ILogger logger, string contentHash);

        [LoggerMessage(EventId = 1301, Level = LogLevel.Error, Message = "Policy reload rejected, the running policy stays and /readyz answers 503 until a reload succeeds: {ErrorCount} problem(s): {Errors}")]
        public static partial void ReloadRejected(ILogger logger, int errorCount, string errors);
    }
}
