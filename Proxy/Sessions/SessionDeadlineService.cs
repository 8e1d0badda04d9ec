using Microsoft.Extensions.Hosting;
using SecureStream.Policy.PolicyFile;
using SecureStream.Policy.Sessions;

namespace SecureStream.Proxy.Sessions;

/// <summary>
/// Enforces session deadlines once a second (as OME does), closes ends the origin never reported,
/// and ends every live session on shutdown so each still gets its one closing call and audit record.
/// </summary>
internal sealed class SessionDeadlineService(SessionRegistry registry, PolicyStore policy, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await registry.WaitForSessionsAsync(stoppingToken);
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken);
                registry.EndOverdue();
                // Keys retire by the clock (notAfter), not only by a policy edit.
                var now = time.GetUtcNow();
                var snapshot = policy.Current;
                registry.EndWhere(session => !SessionRevocation.MayContinue(snapshot, session, now), SessionEndReason.Revoked);
                registry.CloseUnreported(SessionRegistry.OriginReportPatience);
            }
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await registry.EndAllAsync(SessionEndReason.Shutdown, cancellationToken);
    }
}
