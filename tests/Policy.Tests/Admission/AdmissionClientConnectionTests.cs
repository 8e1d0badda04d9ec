using Microsoft.Extensions.Logging.Abstractions;
using SecureStream.Policy.Access;
using SecureStream.Policy.Admission;

namespace SecureStream.Policy.Tests.Admission;

/// <summary>
/// How the webhook client treats connections (docs/webhooks.md, "Connections"): an HTTP/1.0
/// answer retires its connection; a call that fails on a reused connection before any byte of
/// an answer is sent once more on a fresh one; nothing else is retried.
/// </summary>
public sealed class AdmissionClientConnectionTests : IDisposable
{
    private readonly CancellationTokenSource _testTimeout = new(TimeSpan.FromSeconds(60));

    public void Dispose() => _testTimeout.Dispose();

    [Fact]
    public async Task OpenAsync_Http10AnswerOnOpenConnection_NextCallOnNewConnection()
    {
        await using var receiver = new KeepAliveWebhookReceiver((_, _) => KeepAliveAction.AnswerHttp10);
        var endpoint = AdmissionTestEndpoints.Create(receiver.Url, timeoutMs: 30000, failureThreshold: 1);
        var client = CreateClient(endpoint);

        for (var call = 1; call <= 3; call++)
        {
            var decision = await client.OpenAsync(endpoint, AdmissionTestEndpoints.Request(), _testTimeout.Token);
            Assert.True(decision.IsAllowed, $"call {call}: {decision.Outcome}");
        }

        // Each call on its own connection, each request read once: the connections the receiver
        // left open after an HTTP/1.0 answer were never written to again.
        Assert.Equal(3, receiver.Connections);
        Assert.Equal(3, receiver.Arrived);
        Assert.Equal(3, receiver.Read);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Call_ReusedConnectionResetAsRequestArrives_RetriedOnceOnFreshConnection(bool closing)
    {
        await using var receiver = new KeepAliveWebhookReceiver((_, onConnection) => onConnection > 1 ? KeepAliveAction.ResetUnread : KeepAliveAction.Answer);
        var endpoint = AdmissionTestEndpoints.Create(receiver.Url, timeoutMs: 30000, closingTimeoutMs: 10000, failureThreshold: 1);
        var client = CreateClient(endpoint);

        // An opening first: its answer is read to the end, so its connection goes back to the pool.
        Assert.True(await CallAsync(client, endpoint, closing: false));
        Assert.True(await CallAsync(client, endpoint, closing));

        Assert.Equal(AdmissionCircuitState.Closed, client.GetCircuitState(endpoint));
        // Wait a moment for a late duplicate: the receiver read each call exactly once.
        await Task.Delay(TimeSpan.FromMilliseconds(300), _testTimeout.Token);
        Assert.Equal(2, receiver.Read);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Call_ReusedConnectionResetAfterPartialAnswer_FailsNotRetried(bool closing)
    {
        await using var receiver = new KeepAliveWebhookReceiver((n, _) => n > 1 ? KeepAliveAction.PartialAnswerThenReset : KeepAliveAction.Answer);
        var endpoint = AdmissionTestEndpoints.Create(receiver.Url, timeoutMs: 30000, closingTimeoutMs: 10000, failureThreshold: 1);
        var client = CreateClient(endpoint);

        Assert.True(await CallAsync(client, endpoint, closing: false));
        Assert.False(await CallAsync(client, endpoint, closing));

        await Task.Delay(TimeSpan.FromMilliseconds(300), _testTimeout.Token);
        Assert.Equal(2, receiver.Arrived);
    }

    [Fact]
    public async Task OpenAsync_ReusedConnectionResetAfterPartialAnswer_ConnectionErrorCounted()
    {
        await using var receiver = new KeepAliveWebhookReceiver((n, _) => n > 1 ? KeepAliveAction.PartialAnswerThenReset : KeepAliveAction.Answer);
        var endpoint = AdmissionTestEndpoints.Create(receiver.Url, timeoutMs: 30000, failureThreshold: 1);
        var client = CreateClient(endpoint);
        Assert.True((await client.OpenAsync(endpoint, AdmissionTestEndpoints.Request(), _testTimeout.Token)).IsAllowed);

        var decision = await client.OpenAsync(endpoint, AdmissionTestEndpoints.Request(), _testTimeout.Token);

        Assert.Equal(AccessReason.WebhookUnavailable, decision.Reason);
        Assert.Equal(AdmissionOutcome.ConnectionError, decision.Outcome);
        Assert.Equal(AdmissionCircuitState.Open, client.GetCircuitState(endpoint));
    }

    [Fact]
    public async Task OpenAsync_ReusedConnectionNeverAnswers_TimeoutNotRetried()
    {
        await using var receiver = new KeepAliveWebhookReceiver((n, _) => n > 1 ? KeepAliveAction.NeverAnswer : KeepAliveAction.Answer);
        var endpoint = AdmissionTestEndpoints.Create(receiver.Url, timeoutMs: 1000);
        var client = CreateClient(endpoint);
        Assert.True((await client.OpenAsync(endpoint, AdmissionTestEndpoints.Request(), _testTimeout.Token)).IsAllowed);

        var decision = await client.OpenAsync(endpoint, AdmissionTestEndpoints.Request(), _testTimeout.Token);

        Assert.Equal(AdmissionOutcome.Timeout, decision.Outcome);
        await Task.Delay(TimeSpan.FromMilliseconds(300), _testTimeout.Token);
        Assert.Equal(2, receiver.Arrived);
    }

    private async Task<bool> CallAsync(AdmissionClient client, AdmissionEndpoint endpoint, bool closing) => closing
        ? await client.CloseAsync(endpoint, AdmissionTestEndpoints.Closing("s-1"), _testTimeout.Token)
        : (await client.OpenAsync(endpoint, AdmissionTestEndpoints.Request(), _testTimeout.Token)).IsAllowed;

    private static AdmissionClient CreateClient(AdmissionEndpoint endpoint) =>
        new(new HttpClient(AdmissionClient.CreateHandler(endpoint)), TimeProvider.System, NullLogger<AdmissionClient>.Instance);
}
