using Microsoft.Extensions.Logging.Abstractions;
using SecureStream.Policy.Admission;
using SecureStream.Policy.Tests.Infrastructure;

namespace SecureStream.Policy.Tests.Admission;

/// <summary>The webhook's instruments move once per opening, with the outcome the audit record gets.</summary>
public sealed class AdmissionMetricsTests : IAsyncDisposable
{
    private const string Calls = "securestream.webhook.calls";
    private const string Duration = "securestream.webhook.duration";

    private readonly LoopbackWebhookReceiver _receiver = new();
    private readonly RecordingMeterFactory _meters = new();
    private readonly CancellationTokenSource _testTimeout = new(TimeSpan.FromSeconds(60));

    public async ValueTask DisposeAsync()
    {
        await _receiver.DisposeAsync();
        _meters.Dispose();
        _testTimeout.Dispose();
    }

    public static TheoryData<string, string> Answers => new()
    {
        { """{"allowed":true}""", AdmissionOutcome.Allowed },
        { """{"allowed":false}""", AdmissionOutcome.Denied },
        { """{"allowed":"yes"}""", AdmissionOutcome.MalformedResponse },
    };

    [Theory]
    [MemberData(nameof(Answers))]
    public async Task OpenAsync_Answer_CountsAndTimesOneCallWithItsOutcome(string answer, string outcome)
    {
        _receiver.Script = _ => ScriptedResponse.Json(answer);
        var endpoint = AdmissionTestEndpoints.Create(_receiver.Url);

        var decision = await CreateClient(endpoint).OpenAsync(endpoint, AdmissionTestEndpoints.Request(), _testTimeout.Token);

        Assert.Equal(outcome, decision.Outcome);
        Assert.Equal(1, _meters.Sum(Calls));
        Assert.Equal(1, _meters.Sum($"{Calls}{{outcome={outcome}}}"));
        Assert.Equal(1, _meters.Count($"{Duration}{{outcome={outcome}}}"));
        Assert.Equal(decision.Latency.TotalSeconds, _meters.Sum(Duration), precision: 6);
    }

    [Fact]
    public async Task OpenAsync_Non200_CountedAsHttpStatus()
    {
        _receiver.Script = _ => ScriptedResponse.Json("{}", 500);
        var endpoint = AdmissionTestEndpoints.Create(_receiver.Url);

        await CreateClient(endpoint).OpenAsync(endpoint, AdmissionTestEndpoints.Request(), _testTimeout.Token);

        Assert.Equal(1, _meters.Sum($"{Calls}{{outcome={AdmissionOutcome.HttpStatus}}}"));
    }

    [Fact]
    public async Task OpenAsync_CircuitOpen_CountedButNotTimed()
    {
        _receiver.Script = _ => ScriptedResponse.Json("{}", 500);
        var endpoint = AdmissionTestEndpoints.Create(_receiver.Url, failureThreshold: 2, breakSeconds: 300);
        var client = CreateClient(endpoint);

        for (var i = 0; i < 4; i++)
        {
            await client.OpenAsync(endpoint, AdmissionTestEndpoints.Request(), _testTimeout.Token);
        }

        Assert.Equal(2, _meters.Sum($"{Calls}{{outcome={AdmissionOutcome.HttpStatus}}}"));
        Assert.Equal(2, _meters.Sum($"{Calls}{{outcome={AdmissionOutcome.CircuitOpen}}}"));
        Assert.Equal(0, _meters.Count($"{Duration}{{outcome={AdmissionOutcome.CircuitOpen}}}"));
        Assert.Equal(2, _meters.Count(Duration));
    }

    [Fact]
    public async Task CloseAsync_NotCountedAsACall()
    {
        _receiver.Script = _ => ScriptedResponse.Json("{}");
        var endpoint = AdmissionTestEndpoints.Create(_receiver.Url);

        Assert.True(await CreateClient(endpoint).CloseAsync(endpoint, AdmissionTestEndpoints.Closing("s-1"), _testTimeout.Token));

        Assert.Equal(0, _meters.Sum(Calls));
    }

    private AdmissionClient CreateClient(AdmissionEndpoint endpoint) =>
        new(new HttpClient(AdmissionClient.CreateHandler(endpoint)), TimeProvider.System, NullLogger<AdmissionClient>.Instance, new AdmissionMetrics(_meters));
}
