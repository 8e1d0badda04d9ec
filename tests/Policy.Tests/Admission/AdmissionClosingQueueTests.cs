using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using SecureStream.Policy.Admission;

namespace SecureStream.Policy.Tests.Admission;

public sealed class AdmissionClosingQueueTests : IAsyncDisposable
{
    private readonly LoopbackWebhookReceiver _receiver = new();
    private readonly CancellationTokenSource _testTimeout = new(TimeSpan.FromSeconds(60));

    public async ValueTask DisposeAsync()
    {
        await _receiver.DisposeAsync();
        _testTimeout.Dispose();
    }

    [Fact]
    public async Task Enqueue_InterleavedSessions_EachSessionDeliveredInOrder()
    {
        var endpoint = AdmissionTestEndpoints.Create(_receiver.Url);
        using var queue = CreateQueue(endpoint, new AdmissionClosingQueueOptions { Concurrency = 4 });
        await queue.StartAsync(_testTimeout.Token);

        for (var i = 0; i < 10; i++)
        {
            Assert.True(queue.Enqueue(AdmissionTestEndpoints.Closing("s-a", bytes: i)));
            Assert.True(queue.Enqueue(AdmissionTestEndpoints.Closing("s-b", bytes: i)));
        }

        await queue.StopAsync(_testTimeout.Token);

        Assert.Equal(20, queue.Delivered);
        var seen = _receiver.Requests.Select(Read).ToList();
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), seen.Where(s => s.Session == "s-a").Select(s => s.Bytes));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), seen.Where(s => s.Session == "s-b").Select(s => s.Bytes));
    }

    [Fact]
    public async Task Enqueue_SlowReceiverCallForOneSession_OtherSessionStillDelivered()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _receiver.Script = request => Read(request).Session == "s-slow"
            ? ScriptedResponse.Json("{}") with { Gate = release.Task }
            : ScriptedResponse.Json("{}");
        var endpoint = AdmissionTestEndpoints.Create(_receiver.Url, closingTimeoutMs: 10000);
        using var queue = CreateQueue(endpoint, new AdmissionClosingQueueOptions { Concurrency = 2 });
        await queue.StartAsync(_testTimeout.Token);

        queue.Enqueue(AdmissionTestEndpoints.Closing("s-slow"));
        queue.Enqueue(AdmissionTestEndpoints.Closing("s-fast"));

        // The fast session's closing arrives while the slow one is still held by the receiver.
        var sessions = new List<string>();
        while (!sessions.Contains("s-fast"))
        {
            sessions.Add(Read(await _receiver.NextRequestAsync(_testTimeout.Token)).Session);
        }

        Assert.False(release.Task.IsCompleted);
        release.SetResult();
        await queue.StopAsync(_testTimeout.Token);
        Assert.Equal(2, queue.Delivered);
    }

    [Fact]
    public void Enqueue_QueueFull_ReturnsFalseAndCountsDrops()
    {
        var endpoint = AdmissionTestEndpoints.Create(_receiver.Url);
        // Not started: nothing drains, so the queue fills; Enqueue must still return at once.
        using var queue = CreateQueue(endpoint, new AdmissionClosingQueueOptions { Capacity = 2 });

        var accepted = Enumerable.Range(0, 5).Select(i => queue.Enqueue(AdmissionTestEndpoints.Closing("s-" + i))).ToList();

        Assert.Equal([true, true, false, false, false], accepted);
        Assert.Equal(2, queue.Enqueued);
        Assert.Equal(3, queue.Dropped);
    }

    [Fact]
    public async Task Enqueue_ReceiverNeverAnswers_CallerNotBlocked()
    {
        _receiver.Script = _ => ScriptedResponse.NeverAnswer;
        var endpoint = AdmissionTestEndpoints.Create(_receiver.Url, closingTimeoutMs: 10000);
        using var queue = CreateQueue(endpoint, new AdmissionClosingQueueOptions { Capacity = 4, Concurrency = 1, DrainTimeout = TimeSpan.FromMilliseconds(200) });
        await queue.StartAsync(_testTimeout.Token);

        Assert.True(queue.Enqueue(AdmissionTestEndpoints.Closing("s-0")));
        await _receiver.NextRequestAsync(_testTimeout.Token);
        var accepted = Enumerable.Range(1, 10).Count(i => queue.Enqueue(AdmissionTestEndpoints.Closing("s-" + i)));

        Assert.InRange(accepted, 4, 5);
        Assert.Equal(10 - accepted, queue.Dropped);
        await queue.StopAsync(_testTimeout.Token);
    }

    [Fact]
    public async Task StopAsync_QueuedBeforeStart_AllDelivered()
    {
        var endpoint = AdmissionTestEndpoints.Create(_receiver.Url);
        using var queue = CreateQueue(endpoint, new AdmissionClosingQueueOptions());
        for (var i = 0; i < 5; i++)
        {
            queue.Enqueue(AdmissionTestEndpoints.Closing("s-" + i));
        }

        await queue.StartAsync(_testTimeout.Token);
        await queue.StopAsync(_testTimeout.Token);

        Assert.Equal(5, queue.Delivered);
        Assert.Equal(5, _receiver.RequestCount);
    }

    [Fact]
    public async Task StopAsync_DeadlinePasses_StopsAndCountsLeftoversAsDropped()
    {
        _receiver.Script = _ => ScriptedResponse.NeverAnswer;
        var endpoint = AdmissionTestEndpoints.Create(_receiver.Url, closingTimeoutMs: 10000);
        using var queue = CreateQueue(endpoint, new AdmissionClosingQueueOptions { Concurrency = 1, DrainTimeout = TimeSpan.FromMilliseconds(200) });
        await queue.StartAsync(_testTimeout.Token);
        for (var i = 0; i < 3; i++)
        {
            queue.Enqueue(AdmissionTestEndpoints.Closing("s-1", bytes: i));
        }

        await _receiver.NextRequestAsync(_testTimeout.Token);
        await queue.StopAsync(_testTimeout.Token);

        Assert.Equal(0, queue.Delivered);
        Assert.Equal(1, queue.Failed);
        Assert.Equal(2, queue.Dropped);
        Assert.Equal(1, _receiver.RequestCount);
        Assert.False(queue.Enqueue(AdmissionTestEndpoints.Closing("s-late")));
        Assert.Equal(3, queue.Dropped);
    }

    [Fact]
    public void Enqueue_WebhookDisabled_NotQueued()
    {
        var client = new AdmissionClient(new HttpClient(), TimeProvider.System, NullLogger<AdmissionClient>.Instance);
        using var queue = new AdmissionClosingQueue(client, () => null, new AdmissionClosingQueueOptions(), TimeProvider.System, NullLogger<AdmissionClosingQueue>.Instance);

        Assert.False(queue.Enqueue(AdmissionTestEndpoints.Closing("s-1")));
        Assert.Equal(0, queue.Enqueued);
        Assert.Equal(0, queue.Dropped);
    }

    private static AdmissionClosingQueue CreateQueue(AdmissionEndpoint endpoint, AdmissionClosingQueueOptions options)
    {
        var client = new AdmissionClient(new HttpClient(AdmissionClient.CreateHandler(endpoint)), TimeProvider.System, NullLogger<AdmissionClient>.Instance);
        return new AdmissionClosingQueue(client, () => endpoint, options, TimeProvider.System, NullLogger<AdmissionClosingQueue>.Instance);
    }

    private static (string Session, long Bytes) Read(ReceivedRequest request)
    {
        using var body = JsonDocument.Parse(request.Body);
        var inner = body.RootElement.GetProperty("request");
        return (inner.GetProperty("session_id").GetString()!, inner.GetProperty("bytes_sent").GetInt64());
    }
}
