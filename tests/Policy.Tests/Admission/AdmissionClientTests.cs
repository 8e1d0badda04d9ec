using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SecureStream.Policy.Access;
using SecureStream.Policy.Admission;

namespace SecureStream.Policy.Tests.Admission;

public sealed class AdmissionClientTests : IAsyncDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly LoopbackWebhookReceiver _receiver = new();
    private readonly FakeTimeProvider _time = new(Start);
    private readonly CancellationTokenSource _testTimeout = new(TimeSpan.FromSeconds(60));

    public async ValueTask DisposeAsync()
    {
        await _receiver.DisposeAsync();
        _testTimeout.Dispose();
    }

    [Fact]
    public async Task OpenAsync_AllowedTrue_AllowedWithSignedOmeRequest()
    {
        _receiver.Script = _ => ScriptedResponse.Json("""{"allowed":true,"lifetime":60000,"reason":"ok"}""");
        var endpoint = AdmissionTestEndpoints.Create(_receiver.Url);

        var decision = await CreateClient(endpoint, _time).OpenAsync(endpoint, AdmissionTestEndpoints.Request(), _testTimeout.Token);

        Assert.Equal(AccessReason.Allowed, decision.Reason);
        Assert.Equal(AdmissionOutcome.Allowed, decision.Outcome);
        Assert.Equal(60000, decision.LifetimeMs);
        Assert.Equal(200, decision.HttpStatus);
        var request = Assert.Single(_receiver.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/admission?site=a", request.Target);
        Assert.Equal("application/json", request.Header("Content-Type"));
        Assert.Equal("application/json", request.Header("Accept"));
        Assert.Null(request.Header("Cookie"));

        // The receiver's side, computed independently of the production signer.
        Assert.Equal(ReceiverSignatures.Ome(AdmissionTestEndpoints.Secret, request.Body), request.Header("X-OME-Signature"));
        Assert.Equal(
            ReceiverSignatures.Timestamped(AdmissionTestEndpoints.Secret, Start.ToUnixTimeSeconds(), request.Body),
            request.Header("X-SecureStream-Signature"));

        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal("opening", body.RootElement.GetProperty("request").GetProperty("status").GetString());
        Assert.Equal("ws://cam.example:3333/app/cam1?policy=abc&signature=def", body.RootElement.GetProperty("request").GetProperty("url").GetString());
    }

    [Fact]
    public async Task OpenAsync_TimestampedSignatureOff_OnlyOmeHeader()
    {
        var errors = new List<string>();
        var settings = AdmissionTestEndpoints.Settings(_receiver.Url);
        Assert.True(AdmissionEndpoint.TryCreate(
            new AdmissionSettings
            {
                Enabled = true,
                Url = settings.Url,
                Secret = settings.Secret,
                TimestampedSignature = false,
            },
            "admission",
            errors,
            out var endpoint));

        await CreateClient(endpoint!, _time).OpenAsync(endpoint!, AdmissionTestEndpoints.Request(), _testTimeout.Token);

        var request = Assert.Single(_receiver.Requests);
        Assert.NotNull(request.Header("X-OME-Signature"));
        Assert.Null(request.Header("X-SecureStream-Signature"));
    }

    public static TheoryData<string, AccessReason, string, int?> HostileAnswers => new()
    {
        { "allowed-false", AccessReason.WebhookDenied, AdmissionOutcome.Denied, 200 },
        { "status-500", AccessReason.WebhookUnavailable, AdmissionOutcome.HttpStatus, 500 },
        { "status-201-allowed", AccessReason.WebhookUnavailable, AdmissionOutcome.HttpStatus, 201 },
        { "string-true", AccessReason.WebhookUnavailable, AdmissionOutcome.MalformedResponse, 200 },
        { "empty-object", AccessReason.WebhookUnavailable, AdmissionOutcome.MalformedResponse, 200 },
        { "duplicate-allowed", AccessReason.WebhookUnavailable, AdmissionOutcome.MalformedResponse, 200 },
        { "html", AccessReason.WebhookUnavailable, AdmissionOutcome.MalformedResponse, 200 },
        { "one-megabyte-declared", AccessReason.WebhookUnavailable, AdmissionOutcome.OversizedResponse, 200 },
        { "one-megabyte-undeclared", AccessReason.WebhookUnavailable, AdmissionOutcome.OversizedResponse, 200 },
        { "redirect-302", AccessReason.WebhookUnavailable, AdmissionOutcome.Redirect, 302 },
        { "redirect-307", AccessReason.WebhookUnavailable, AdmissionOutcome.Redirect, 307 },
        { "close-immediately", AccessReason.WebhookUnavailable, AdmissionOutcome.ConnectionError, null },
    };

    [Theory]
    [MemberData(nameof(HostileAnswers))]
    public async Task OpenAsync_HostileAnswer_FailsClosed(string name, AccessReason reason, string outcome, int? status)
    {
        var redirectTarget = new Uri($"http://127.0.0.1:{_receiver.Port}/elsewhere");
        var oneMegabyte = Encoding.ASCII.GetBytes("{\"allowed\":true,\"pad\":\"" + new string('a', 1024 * 1024) + "\"}");
        _receiver.Script = request => request.Target.StartsWith("/elsewhere", StringComparison.Ordinal)
            ? ScriptedResponse.Json("""{"allowed":true}""")
            : name switch
            {
                "allowed-false" => ScriptedResponse.Json("""{"allowed":false,"reason":"closed\r\nnow"}"""),
                "status-500" => ScriptedResponse.Json("""{"allowed":true}""", 500),
                "status-201-allowed" => ScriptedResponse.Json("""{"allowed":true}""", 201),
                "string-true" => ScriptedResponse.Json("""{"allowed":"true"}"""),
                "empty-object" => ScriptedResponse.Json("{}"),
                "duplicate-allowed" => ScriptedResponse.Json("""{"allowed":false,"allowed":true}"""),
                "html" => ScriptedResponse.Raw(200, "text/html", "<html><body>{\"allowed\":true}</body></html>"u8.ToArray()),
                "one-megabyte-declared" => ScriptedResponse.Raw(200, "application/json", oneMegabyte),
                "one-megabyte-undeclared" => ScriptedResponse.Raw(200, "application/json", oneMegabyte) with { OmitContentLength = true },
                "redirect-302" or "redirect-307" => ScriptedResponse.Json("""{"allowed":true}""", status!.Value) with
                {
                    Headers = [new("Location", redirectTarget.ToString())],
                },
                "close-immediately" => ScriptedResponse.CloseImmediately,
                _ => throw new ArgumentOutOfRangeException(nameof(name)),
            };
        var endpoint = AdmissionTestEndpoints.Create(_receiver.Url);

        var decision = await CreateClient(endpoint, TimeProvider.System).OpenAsync(endpoint, AdmissionTestEndpoints.Request(), _testTimeout.Token);

        Assert.Equal(reason, decision.Reason);
        Assert.Equal(outcome, decision.Outcome);
        Assert.Equal(status, decision.HttpStatus);
        Assert.False(decision.IsAllowed);
        Assert.Null(decision.LifetimeMs);
        Assert.Null(decision.NewUrl);
        // One request only: redirects are not followed, nothing is retried.
        Assert.Equal(1, _receiver.RequestCount);
    }

    [Fact]
    public async Task OpenAsync_DeniedWithReason_ReasonEscapedForLogs()
    {
        _receiver.Script = _ => ScriptedResponse.Json("""{"allowed":false,"reason":"closed\r\nFAKE LOG LINE"}""");
        var endpoint = AdmissionTestEndpoints.Create(_receiver.Url);

        var decision = await CreateClient(endpoint, _time).OpenAsync(endpoint, AdmissionTestEndpoints.Request(), _testTimeout.Token);

        Assert.Equal(AccessReason.WebhookDenied, decision.Reason);
        Assert.Equal("closed\\u000d\\u000aFAKE LOG LINE", decision.PeerReason);
    }

    [Fact]
    public async Task OpenAsync_ReceiverNeverAnswers_TimeoutUnavailable()
    {
        var endpoint = AdmissionTestEndpoints.Create(_receiver.Url, timeoutMs: 1000);
        var client = CreateClient(endpoint, TimeProvider.System);
        // One answered call first, so the timed call does not spend its budget on a cold start
        // (JIT, first connection) on a busy CI machine and time out before its request is sent.
        Assert.True((await client.OpenAsync(endpoint, AdmissionTestEndpoints.Request(), _testTimeout.Token)).IsAllowed);
        _receiver.Script = _ => ScriptedResponse.NeverAnswer;

        var decision = await client.OpenAsync(endpoint, AdmissionTestEndpoints.Request(), _testTimeout.Token);

        Assert.Equal(AccessReason.WebhookUnavailable, decision.Reason);
        Assert.Equal(AdmissionOutcome.Timeout, decision.Outcome);
        // The timed-out request reached the receiver once and was not retried.
        Assert.Equal(2, _receiver.RequestCount);
    }

    [Fact]
    public async Task OpenAsync_NothingListening_ConnectionError()
    {
        using var refusing = new RefusingPort();
        var endpoint = AdmissionTestEndpoints.Create(refusing.Url("/admission"));

        var decision = await CreateClient(endpoint, TimeProvider.System).OpenAsync(endpoint, AdmissionTestEndpoints.Request(), _testTimeout.Token);

        Assert.Equal(AccessReason.WebhookUnavailable, decision.Reason);
        Assert.Equal(AdmissionOutcome.ConnectionError, decision.Outcome);
        Assert.Null(decision.HttpStatus);
    }

    [Fact]
    public async Task OpenAsync_CallerCancels_ThrowsOperationCanceled()
    {
        _receiver.Script = _ => ScriptedResponse.NeverAnswer;
        var endpoint = AdmissionTestEndpoints.Create(_receiver.Url, timeoutMs: 30000);
        using var caller = CancellationTokenSource.CreateLinkedTokenSource(_testTimeout.Token);

        var call = CreateClient(endpoint, TimeProvider.System).OpenAsync(endpoint, AdmissionTestEndpoints.Request(), caller.Token);
        await _receiver.NextRequestAsync(_testTimeout.Token);
        await caller.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
    }

    public static TheoryData<string, string> RedirectTargets => new()
    {
        { "other-host", "ws://10.0.0.1:3333/app/cam2" },
        { "other-port", "ws://cam.example:8080/app/cam2" },
        { "path-escape", "ws://cam.example:3333/app/../admin/x" },
    };

    [Theory]
    [MemberData(nameof(RedirectTargets))]
    public async Task OpenAsync_NewUrlOffOrigin_CarriedThenRefusedByRedirectCheck(string name, string newUrl)
    {
        Assert.NotNull(name);
        _receiver.Script = _ => ScriptedResponse.Json(JsonSerializer.Serialize(new Dictionary<string, object> { ["allowed"] = true, ["new_url"] = newUrl }));
        var endpoint = AdmissionTestEndpoints.Create(_receiver.Url);
        var request = AdmissionTestEndpoints.Request();

        var decision = await CreateClient(endpoint, _time).OpenAsync(endpoint, request, _testTimeout.Token);

        Assert.Equal(newUrl, decision.NewUrl);
        Assert.Equal(AccessReason.WebhookRedirectRefused, AdmissionRedirect.TryResolve(decision.NewUrl, request.Url, out _, out _));
    }

    [Fact]
    public async Task OpenAsync_NewUrlSameOrigin_ResolvesToCamera()
    {
        _receiver.Script = _ => ScriptedResponse.Json("""{"allowed":true,"new_url":"ws://cam.example:3333/app/cam7?quality=low"}""");
        var endpoint = AdmissionTestEndpoints.Create(_receiver.Url);
        var request = AdmissionTestEndpoints.Request();

        var decision = await CreateClient(endpoint, _time).OpenAsync(endpoint, request, _testTimeout.Token);

        Assert.Equal(AccessReason.Allowed, AdmissionRedirect.TryResolve(decision.NewUrl, request.Url, out var target, out var query));
        Assert.Equal(new CameraPath("app", "cam7"), target);
        Assert.Equal("quality=low", query);
    }

    [Fact]
    public async Task OpenAsync_ConsecutiveFailures_CircuitOpensThenHalfOpensAfterBreak()
    {
        _receiver.Script = _ => ScriptedResponse.Json("{}", 500);
        var endpoint = AdmissionTestEndpoints.Create(_receiver.Url, failureThreshold: 3, breakSeconds: 30);
        var client = CreateClient(endpoint, _time);

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(AdmissionOutcome.HttpStatus, (await client.OpenAsync(endpoint, AdmissionTestEndpoints.Request(), _testTimeout.Token)).Outcome);
        }

        for (var i = 0; i < 5; i++)
        {
            var refused = await client.OpenAsync(endpoint, AdmissionTestEndpoints.Request(), _testTimeout.Token);
            Assert.Equal(AccessReason.WebhookUnavailable, refused.Reason);
            Assert.Equal(AdmissionOutcome.CircuitOpen, refused.Outcome);
        }

        Assert.Equal(3, _receiver.RequestCount);
        Assert.Equal(AdmissionCircuitState.Open, client.GetCircuitState(endpoint));

        _time.Advance(TimeSpan.FromSeconds(30));
        _receiver.Script = _ => ScriptedResponse.Json("""{"allowed":true}""");
        Assert.Equal(AdmissionCircuitState.HalfOpen, client.GetCircuitState(endpoint));

        var trial = await client.OpenAsync(endpoint, AdmissionTestEndpoints.Request(), _testTimeout.Token);

        Assert.True(trial.IsAllowed);
        Assert.Equal(4, _receiver.RequestCount);
        Assert.Equal(AdmissionCircuitState.Closed, client.GetCircuitState(endpoint));
    }

    [Fact]
    public async Task OpenAsync_RepeatedDenials_CircuitStaysClosed()
    {
        _receiver.Script = _ => ScriptedResponse.Json("""{"allowed":false}""");
        var endpoint = AdmissionTestEndpoints.Create(_receiver.Url, failureThreshold: 2);
        var client = CreateClient(endpoint, _time);

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(AccessReason.WebhookDenied, (await client.OpenAsync(endpoint, AdmissionTestEndpoints.Request(), _testTimeout.Token)).Reason);
        }

        Assert.Equal(5, _receiver.RequestCount);
        Assert.Equal(AdmissionCircuitState.Closed, client.GetCircuitState(endpoint));
    }

    [Fact]
    public async Task CloseAsync_Receiver_GetsSignedClosingBody()
    {
        var endpoint = AdmissionTestEndpoints.Create(_receiver.Url);

        var delivered = await CreateClient(endpoint, _time).CloseAsync(endpoint, AdmissionTestEndpoints.Closing("s-42", bytes: 99), _testTimeout.Token);

        Assert.True(delivered);
        var request = Assert.Single(_receiver.Requests);
        using var body = JsonDocument.Parse(request.Body);
        var inner = body.RootElement.GetProperty("request");
        Assert.Equal("closing", inner.GetProperty("status").GetString());
        Assert.Equal("s-42", inner.GetProperty("session_id").GetString());
        Assert.Equal(99, inner.GetProperty("bytes_sent").GetInt64());
        Assert.Equal(ReceiverSignatures.Ome(AdmissionTestEndpoints.Secret, request.Body), request.Header("X-OME-Signature"));
    }

    [Fact]
    public async Task CloseAsync_ReceiverNeverAnswers_ReturnsFalseWithoutThrowing()
    {
        _receiver.Script = _ => ScriptedResponse.NeverAnswer;
        var endpoint = AdmissionTestEndpoints.Create(_receiver.Url, closingTimeoutMs: 100);

        Assert.False(await CreateClient(endpoint, TimeProvider.System).CloseAsync(endpoint, AdmissionTestEndpoints.Closing("s-1"), _testTimeout.Token));
    }

    [Fact]
    public async Task CloseAsync_NothingListeningOrCancelled_ReturnsFalseWithoutThrowing()
    {
        using var refusing = new RefusingPort();
        var endpoint = AdmissionTestEndpoints.Create(refusing.Url("/admission"));
        var client = CreateClient(endpoint, TimeProvider.System);

        Assert.False(await client.CloseAsync(endpoint, AdmissionTestEndpoints.Closing("s-1"), _testTimeout.Token));
        Assert.False(await client.CloseAsync(endpoint, AdmissionTestEndpoints.Closing("s-1"), new CancellationToken(canceled: true)));
    }

    [Fact]
    public async Task CloseAsync_CircuitOpen_StillSendsClosing()
    {
        _receiver.Script = _ => ScriptedResponse.Json("{}", 503);
        var endpoint = AdmissionTestEndpoints.Create(_receiver.Url, failureThreshold: 1);
        var client = CreateClient(endpoint, _time);
        await client.OpenAsync(endpoint, AdmissionTestEndpoints.Request(), _testTimeout.Token);
        Assert.Equal(AdmissionCircuitState.Open, client.GetCircuitState(endpoint));

        await client.CloseAsync(endpoint, AdmissionTestEndpoints.Closing("s-1"), _testTimeout.Token);

        Assert.Equal(2, _receiver.RequestCount);
    }

    [Fact]
    public void CreateHandler_Endpoint_NoRedirectsCookiesProxyOrDecompression()
    {
        var endpoint = AdmissionTestEndpoints.Create(_receiver.Url);

        using var handler = AdmissionClient.CreateHandler(endpoint);

        Assert.False(handler.AllowAutoRedirect);
        Assert.False(handler.UseCookies);
        Assert.False(handler.UseProxy);
        Assert.Equal(DecompressionMethods.None, handler.AutomaticDecompression);
        Assert.Equal(endpoint.ConnectTimeout, handler.ConnectTimeout);
        // Idle connections are dropped before receivers usually drop theirs, and every
        // connection is watched (HTTP/1.0 answers, the safe retry).
        Assert.Equal(TimeSpan.FromSeconds(1), handler.PooledConnectionIdleTimeout);
        Assert.NotNull(handler.PlaintextStreamFilter);
    }

    private static AdmissionClient CreateClient(AdmissionEndpoint endpoint, TimeProvider time) =>
        new(new HttpClient(AdmissionClient.CreateHandler(endpoint)), time, NullLogger<AdmissionClient>.Instance);
}
