using Microsoft.Extensions.Hosting;

namespace SecureStream.DemoCameras;

/// <summary>Starts the demo camera server with the host and stops it (closing every session) on shutdown.</summary>
internal sealed class DemoCameraHostedService : IHostedService
{
    private readonly DemoCameraServer _server;

    public DemoCameraHostedService(DemoCameraServer server) => _server = server;

    public Task StartAsync(CancellationToken cancellationToken) => _server.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => _server.StopAsync(cancellationToken);
}
