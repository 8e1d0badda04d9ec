using System.Net.Sockets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SecureStream.Media.WebRtc.Ice;

/// <summary>
/// Binds the ICE port when the host starts and closes it when the host stops. A port that is
/// taken (another process, or the previous instance still closing during a restart) does not
/// stop the host: the bind is retried every <see cref="RetryInterval"/> while the host runs, and
/// until it succeeds the origin is not ready (<see cref="Hosting.IMediaPortState"/>; the host's
/// <c>/readyz</c> says <c>media_port_unbound</c>, docs/operations.md) and refuses offers 503.
/// Invalid settings (<c>WebRtc:Ice</c>) still stop the start: they are validated before this runs.
/// </summary>
internal sealed partial class IceEndpointStartup(IceUdpEndpoint endpoint, TimeProvider time, ILogger<IceEndpointStartup> logger) : IHostedService, IDisposable
{
    /// <summary>How long to wait between two attempts to bind a taken port.</summary>
    public static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(2);

    private readonly CancellationTokenSource _stopping = new();
    private Task _retrying = Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!TryStart(out var error))
        {
            Log.BindFailed(logger, error, (int)RetryInterval.TotalSeconds);
            _retrying = Task.Run(() => RetryAsync(_stopping.Token), CancellationToken.None);
        }

        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _retrying;
        await endpoint.DisposeAsync();
    }

    public void Dispose() => _stopping.Dispose();

    private bool TryStart(out SocketError error)
    {
        try
        {
            endpoint.Start();
            error = SocketError.Success;
            return true;
        }
        catch (SocketException ex)
        {
            error = ex.SocketErrorCode;
            return false;
        }
    }

    private async Task RetryAsync(CancellationToken stopping)
    {
        var attempts = 1;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(RetryInterval, time, stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            attempts++;
            if (TryStart(out _))
            {
                Log.BoundAfterRetry(logger, attempts);
                return;
            }
        }
    }

    private static partial class Log
    {
        // Error: no viewer can be served here until the port is free; someone must find what holds it.
        [LoggerMessage(EventId = 3613, EventName = "IcePortBindFailed", Level = LogLevel.Error,
            Message = "The ICE port could not be bound ({SocketError}); not ready (media_port_unbound) and retrying every {RetrySeconds} s")]
        public static partial void BindFailed(ILogger logger, SocketError socketError, int retrySeconds);

        [LoggerMessage(EventId = 3614, EventName = "IcePortBoundAfterRetry", Level = LogLevel.Information,
            Message = "The ICE port is bound after {Attempts} attempts; ready for viewers")]
        public static partial void BoundAfterRetry(ILogger logger, int attempts);
    }
}
