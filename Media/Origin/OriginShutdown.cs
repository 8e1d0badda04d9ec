using Microsoft.Extensions.Hosting;
using SecureStream.Policy.Sessions;

namespace SecureStream.Media.Origin;

/// <summary>Ends every viewer session when the host stops, so each gets its closing before the process exits.</summary>
internal sealed class OriginShutdown(OriginViewers viewers) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) =>
        viewers.EndAllAsync(SessionEndReason.Shutdown).WaitAsync(cancellationToken);
}
