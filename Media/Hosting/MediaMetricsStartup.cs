using Microsoft.Extensions.Hosting;
using SecureStream.Media.Streams;
using SecureStream.Media.Transcoding;
using SecureStream.Media.WebRtc.Sessions;

namespace SecureStream.Media.Hosting;

/// <summary>
/// Makes the origin's observable instruments when the host starts, so a scrape shows every
/// camera's gauges and the session counters (at zero) before the first viewer arrives. Their
/// callbacks run only when a listener collects (the Prometheus exporter, on a scrape).
/// </summary>
internal sealed class MediaMetricsStartup(CameraPullMetrics cameras, TranscoderMetrics transcoders, ViewerSessionMetrics sessions) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Constructing them created the instruments; nothing else to do.
        GC.KeepAlive(cameras);
        GC.KeepAlive(transcoders);
        GC.KeepAlive(sessions);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
