using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace SecureStream.Media.Cameras;

/// <summary>
/// Builds the registry when the host starts, so a bad origin map or an unreadable registry file
/// stops the start with its message instead of failing the first viewer.
/// </summary>
internal sealed class CameraRegistryStartup(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        services.GetRequiredService<CameraRegistry>();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
