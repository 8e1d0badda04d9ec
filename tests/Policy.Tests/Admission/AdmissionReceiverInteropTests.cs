using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using SecureStream.Policy.Access;
using SecureStream.Policy.Admission;

namespace SecureStream.Policy.Tests.Admission;

/// <summary>
/// The webhook client against receivers integrators really write: Python's standard
/// <c>http.server</c> (HTTP/1.0, closes after every answer without saying so) and Node's
/// <c>http</c> module (HTTP/1.1 keep-alive, idle connections closed after 5 s). Both verify
/// <c>X-OME-Signature</c> themselves and admit only correctly signed calls.
/// </summary>
public sealed class AdmissionReceiverInteropTests : IDisposable
{
    private const int Bursts = 5;
    private const int Viewers = 30;

    // Between bursts: back to back, past the client's idle lifetime, and around and past Node's
    // 5 s keep-alive, where a pooled connection is most likely closed under the client.
    private static readonly TimeSpan[] Pauses =
        [TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(1500), TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(5500)];

    private readonly RecordingLogger _log = new();
    private readonly CancellationTokenSource _testTimeout = new(TimeSpan.FromMinutes(3));

    public void Dispose() => _testTimeout.Dispose();

    [Theory]
    [InlineData("python")]
    [InlineData("node")]
    public async Task OpenAndCloseAsync_ConcurrentBursts_AllAdmittedDeliveredOnceCircuitClosed(string runtime)
    {
        await using var receiver = await StartAsync(runtime, "allow");
        // A threshold of 1: a single failure counted against this healthy receiver would open the circuit.
        var endpoint = Endpoint(receiver.Url, failureThreshold: 1);
        var client = CreateClient(endpoint);

        for (var burst = 0; burst < Bursts; burst++)
        {
            var opens = Enumerable.Range(0, Viewers)
                .Select(_ => client.OpenAsync(endpoint, AdmissionTestEndpoints.Request(), _testTimeout.Token));
            var closes = Enumerable.Range(0, Viewers)
                .Select(i => client.CloseAsync(endpoint, AdmissionTestEndpoints.Closing($"s-{burst}-{i}"), _testTimeout.Token));
            var closings = Task.WhenAll(closes);
            var decisions = await Task.WhenAll(opens);
            var delivered = await closings;

            var refused = decisions.Where(d => !d.IsAllowed).Select(d => d.Outcome).ToList();
            Assert.True(refused.Count == 0, $"burst {burst + 1}: {refused.Count} of {Viewers} refused ({string.Join(", ", refused)}); {_log}\n{receiver.Diagnostics}");
            Assert.True(delivered.All(d => d), $"burst {burst + 1}: {delivered.Count(d => !d)} closings not delivered; {_log}");
            Assert.Equal(AdmissionCircuitState.Closed, client.GetCircuitState(endpoint));
            if (burst < Pauses.Length)
            {
                await Task.Delay(Pauses[burst], _testTimeout.Token);
            }
        }

        // Every call reached the receiver exactly once, correctly signed: no retry repeated a
        // call the receiver had read. Wait a moment for late duplicates before counting.
        await Task.Delay(TimeSpan.FromMilliseconds(500), _testTimeout.Token);
        Assert.Equal(Bursts * Viewers * 2, receiver.SignedRequests);
        Assert.Equal(0, receiver.UnsignedRequests);
    }

    [Theory]
    [InlineData("python", "status-500", AdmissionOutcome.HttpStatus)]
    [InlineData("python", "reset-after-read", AdmissionOutcome.ConnectionError)]
    [InlineData("node", "status-500", AdmissionOutcome.HttpStatus)]
    [InlineData("node", "reset-after-read", AdmissionOutcome.ConnectionError)]
    public async Task OpenAndCloseAsync_ReceiverReallyFails_CountedAndNotRetried(string runtime, string mode, string outcome)
    {
        await using var receiver = await StartAsync(runtime, mode);
        var endpoint = Endpoint(receiver.Url, failureThreshold: 3);
        var client = CreateClient(endpoint);

        for (var call = 0; call < 3; call++)
        {
            var decision = await client.OpenAsync(endpoint, AdmissionTestEndpoints.Request(), _testTimeout.Token);
            Assert.Equal(AccessReason.WebhookUnavailable, decision.Reason);
            Assert.Equal(outcome, decision.Outcome);
        }

        Assert.False(await client.CloseAsync(endpoint, AdmissionTestEndpoints.Closing("s-1"), _testTimeout.Token));

        Assert.Equal(AdmissionCircuitState.Open, client.GetCircuitState(endpoint));
        // Three openings and one closing, each read once: a failure after the receiver read the
        // request is never retried. Wait a moment for a late retry before counting.
        await Task.Delay(TimeSpan.FromMilliseconds(500), _testTimeout.Token);
        Assert.Equal(4, receiver.SignedRequests);
    }

    private Task<InteropWebhookReceiver> StartAsync(string runtime, string mode) => runtime == "python"
        ? InteropWebhookReceiver.StartPythonAsync(mode, _testTimeout.Token)
        : InteropWebhookReceiver.StartNodeAsync(mode, _testTimeout.Token);

    // Generous limits: on a busy machine a slow answer must not look like a failure.
    private static AdmissionEndpoint Endpoint(Uri url, int failureThreshold) => AdmissionTestEndpoints.Create(
        url, timeoutMs: 30000, closingTimeoutMs: 10000, failureThreshold: failureThreshold, connectTimeoutMs: 10000);

    private AdmissionClient CreateClient(AdmissionEndpoint endpoint) =>
        new(new HttpClient(AdmissionClient.CreateHandler(endpoint)), TimeProvider.System, _log);

    /// <summary>What the client logged, for failure messages.</summary>
    private sealed class RecordingLogger : ILogger<AdmissionClient>
    {
        private readonly ConcurrentQueue<string> _lines = new();

        public override string ToString() => string.Join('\n', _lines.TakeLast(20));

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            _lines.Enqueue($"{eventId.Id} {formatter(state, exception)}");
    }
}
