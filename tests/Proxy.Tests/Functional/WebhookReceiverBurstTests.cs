using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using SecureStream.Policy.Tests.Admission;
using SecureStream.Proxy.Tests.Functional.Infrastructure;

namespace SecureStream.Proxy.Tests.Functional;

/// <summary>
/// The admission webhook through the whole gateway against the receivers integrators write:
/// Python's standard <c>http.server</c> (HTTP/1.0, closes after every answer without saying so)
/// and Node's <c>http</c> module (HTTP/1.1 keep-alive). Bursts of concurrent viewers with signed
/// links, with pauses shorter and longer than the webhook client's idle lifetime: every viewer is
/// admitted, the receiver reads every opening and every closing exactly once, correctly signed,
/// and the audit trail holds no <c>webhook_unavailable</c> refusal (docs/webhooks.md).
/// </summary>
public sealed class WebhookReceiverBurstTests : IDisposable
{
    private const int Bursts = 4;
    private const int Viewers = 20;
    private const string Camera = "app/cam1";
    private const string Operator = "burst-viewer";

    /// <summary>
    /// The viewers come from 127.0.0.2 … 127.0.0.11, two a burst each: sixteen requests per address
    /// in the whole test stay far inside the gate's per-address rate limit (Gate:Burst, 40), so
    /// only the webhook can refuse a viewer here.
    /// </summary>
    private const int ClientAddresses = 10;

    // Between bursts: back to back, just past the client's 1 s idle lifetime, and at Node's 5 s
    // keep-alive, where a pooled connection is most likely closed under the client.
    private static readonly TimeSpan[] Pauses = [TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(1500), TimeSpan.FromSeconds(5)];

    private readonly CancellationTokenSource _testTimeout = new(TimeSpan.FromMinutes(4));

    public void Dispose() => _testTimeout.Dispose();

    [Theory]
    [InlineData("python")]
    [InlineData("node")]
    public async Task ConcurrentViewerBursts_RealReceiver_AllAdmittedEveryCallReadOnceNoWebhookUnavailable(string runtime)
    {
        await using var receiver = runtime == "python"
            ? await InteropWebhookReceiver.StartPythonAsync("allow", _testTimeout.Token)
            : await InteropWebhookReceiver.StartNodeAsync("allow", _testTimeout.Token);
        // The receiver verifies X-OME-Signature with its own copy of this secret.
        Environment.SetEnvironmentVariable(AdmissionTestEndpoints.SecretVariable, AdmissionTestEndpoints.Secret);
        await using var gateway = await GatewayUnderTest.StartAsync(policy => Policy(policy, receiver.Url));
        var clients = Enumerable.Range(0, ClientAddresses).Select(i => BoundClient(IPAddress.Parse($"127.0.0.{i + 2}"))).ToArray();
        try
        {
            for (var burst = 0; burst < Bursts; burst++)
            {
                var opened = await Task.WhenAll(Enumerable.Range(0, Viewers)
                    .Select(i => OpenAsync(gateway, clients[i % ClientAddresses], $"b{burst}-v{i}")));
                var refused = opened.Where(o => o.Status != HttpStatusCode.Created).Select(o => $"{(int)o.Status} {o.Body}").ToList();
                Assert.True(refused.Count == 0, $"burst {burst + 1}: {refused.Count} of {Viewers} refused: {string.Join("; ", refused)}\n{receiver.Diagnostics}");

                var closed = await Task.WhenAll(opened.Select((o, i) => CloseAsync(gateway, clients[i % ClientAddresses], o.Location!)));
                Assert.True(closed.All(s => s == HttpStatusCode.OK), $"burst {burst + 1}: DELETE answered {string.Join(", ", closed.Distinct())}");
                if (burst < Pauses.Length)
                {
                    await Task.Delay(Pauses[burst], _testTimeout.Token);
                }
            }
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }

        const int total = Bursts * Viewers;
        // Closings are sent after the DELETE answered; wait for them, then a moment more for a
        // retry that repeated a call the receiver had already read, before counting.
        Assert.True(
            await GatewayUnderTest.EventuallyAsync(() => receiver.SignedClosings >= total, 30_000),
            $"{receiver.SignedClosings} of {total} closings reached the receiver\n{receiver.Diagnostics}");
        await Task.Delay(ExactlyOnce.Moment, _testTimeout.Token);
        Assert.Equal((total, total, 0), (receiver.SignedOpenings, receiver.SignedClosings, receiver.UnsignedRequests));

        var records = gateway.AuditRecords();
        var decisions = records.Where(r => Text(r, "type") == "access.decision").ToList();
        Assert.DoesNotContain(decisions, d => Text(d, "reason") == "webhook_unavailable");
        Assert.Equal(total, decisions.Count(d => Text(d, "decision") == "allow" && Text(d, "webhook_outcome") == "allowed"));
        Assert.Equal(total, records.Count(r => Text(r, "type") == "session.end" && Text(r, "end_reason") == "whep_delete"));
    }

    /// <summary>
    /// An operator with room for every viewer of a burst, and the admission webhook pointed at the
    /// receiver. Generous timeouts: on a busy machine a slow answer must not look like a failure.
    /// A breaker threshold of 1: a single failure counted against this healthy receiver would open
    /// the circuit and refuse every later viewer with 503.
    /// </summary>
    private static void Policy(Dictionary<string, object?> policy, Uri receiver)
    {
        policy["operators"] = new object[] { new { id = Operator, cameras = new[] { Camera }, maxSessions = 1000 } };
        policy["admission"] = new
        {
            enabled = true,
            url = receiver.ToString(),
            secret = "env:" + AdmissionTestEndpoints.SecretVariable,
            timeoutMs = 30000,
            connectTimeoutMs = 10000,
            closingTimeoutMs = 10000,
            circuitBreaker = new { failureThreshold = 1, breakSeconds = 30 },
        };
    }

    private async Task<(HttpStatusCode Status, string Body, string? Location)> OpenAsync(GatewayUnderTest gateway, HttpClient client, string linkId)
    {
        using var offer = new StringContent("v=0\r\n", Encoding.ASCII, "application/sdp");
        using var response = await client.PostAsync(
            gateway.SignedLink(Camera, suffix: "/whep", subject: Operator, linkId: linkId), offer, _testTimeout.Token);
        var body = response.StatusCode == HttpStatusCode.Created ? string.Empty : await response.Content.ReadAsStringAsync(_testTimeout.Token);
        return (response.StatusCode, body, response.Headers.Location?.ToString());
    }

    private async Task<HttpStatusCode> CloseAsync(GatewayUnderTest gateway, HttpClient client, string location)
    {
        using var response = await client.DeleteAsync($"http://127.0.0.1:{gateway.HttpPort}{location}", _testTimeout.Token);
        return response.StatusCode;
    }

    /// <summary>A client whose connections come from <paramref name="address"/> (all of 127.0.0.0/8 is loopback).</summary>
    private static HttpClient BoundClient(IPAddress address) => new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                socket.Bind(new IPEndPoint(address, 0));
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    });

    private static string? Text(JsonElement record, string name) =>
        record.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
