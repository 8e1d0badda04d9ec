using Microsoft.Extensions.Hosting;

namespace SecureStream.Media.WebRtc.Ice;

/// <summary>Binds the ICE port when the host starts and closes it when the host stops.</summary>
internal sealed class IceEndpointStartup(IceUdpEndpoint endpoint) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        endpoint.Start();
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await endpoint.DisposeAsync();
}
