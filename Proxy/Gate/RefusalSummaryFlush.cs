namespace SecureStream.Proxy.Gate;

/// <summary>
/// On shutdown, closes the open refusal intervals and writes their summaries while the journal is
/// still open, so a count is never lost with the process. Registered after the audit journal, so
/// it stops first.
/// </summary>
internal sealed class RefusalSummaryFlush(GateLimits limits) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => limits.Refusals?.FlushAsync() ?? Task.CompletedTask;
}
