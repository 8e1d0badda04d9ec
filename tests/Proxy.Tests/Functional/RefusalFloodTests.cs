using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using SecureStream.Policy.Audit;
using SecureStream.Proxy.Gate;
using SecureStream.Proxy.Tests.Functional.Infrastructure;

namespace SecureStream.Proxy.Tests.Functional;

/// <summary>
/// Refusal floods through the real gateway from 127.0.0.2 while a viewer on 127.0.0.1 keeps being
/// admitted: aggregated refusal records with bounded bytes, automatic lockout, and the per-source
/// share of pending admissions (docs/security.md "Refusals, lockout and pending admissions").
/// </summary>
public sealed class RefusalFloodTests(ITestOutputHelper output)
{
    private const string Attacker = "127.0.0.2";

    /// <summary>
    /// The attacker's connections stay inside the listener's per-address share (64, docs/security.md
    /// "Connections and request bounds"), so what these tests measure is the gate's bound, not the
    /// listener closing connections over the share.
    /// </summary>
    private const int MaxAttackerConnections = 32;
    private const int IntervalSeconds = 2;

    // Every character the journal's encoder writes as six bytes (and a backslash), 4000 of them.
    private static readonly string EscapeHeavyUserAgent = string.Concat(Enumerable.Repeat("\"<>&'+`\\", 500));

    [Fact]
    public async Task PreAuthenticationFlood_EscapeHeavyUserAgent_AggregatedBoundedJournalAndViewerAdmitted()
    {
        await using var gateway = await GatewayUnderTest.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Gate:RefusalSummarySeconds"] = IntervalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        using var attacker = SourceBoundClient.Create(Attacker, maxConnections: MaxAttackerConnections);
        var journalBefore = new FileInfo(gateway.JournalPath).Exists ? new FileInfo(gateway.JournalPath).Length : 0;
        var targets = new[] { "/app/cam1/whep", "/a/b/c/d/e/f", "/app/cam1/whep?a=1&a=2" };
        var clock = Stopwatch.StartNew();

        var flood = FloodAsync(attacker, 3000, 16, i => Offer($"http://127.0.0.1:{gateway.HttpPort}{targets[i % targets.Length]}"));
        Assert.True(await GatewayUnderTest.EventuallyAsync(() => flood.Answered > 500, 60000));
        var viewer = await gateway.Client.PostAsync(gateway.SignedLink("app/cam1", suffix: "/whep", subject: "alice"), Body());
        var reasons = await flood.Completion;
        var floodSeconds = clock.Elapsed.TotalSeconds;

        Assert.Equal(HttpStatusCode.Created, viewer.StatusCode);
        Assert.Equal(3000, reasons.Values.Sum());
        Assert.Equal(["credential_missing", "duplicate_parameter", "malformed_target", "rate_limited"], reasons.Keys.Order(StringComparer.Ordinal));

        // Every interval closes (the timer runs only while one is open), then every refusal is
        // accounted for: written in full as its interval's first, or counted in a summary.
        var limits = gateway.Services.GetRequiredService<GateLimits>();
        Assert.True(await GatewayUnderTest.EventuallyAsync(() => limits.Refusals!.OpenWindows == 0, 30000));
        Assert.True(await GatewayUnderTest.EventuallyAsync(() => Accounted(gateway, Attacker).SequenceEqual(reasons.OrderBy(r => r.Key, StringComparer.Ordinal)), 10000));

        var lines = AttackerLines(gateway, Attacker);
        var intervals = (int)Math.Ceiling(floodSeconds / IntervalSeconds) + 1;
        var bound = 2 * reasons.Count * intervals;
        Assert.True(lines.Count <= bound, $"{lines.Count} records for {reasons.Count} reasons over {intervals} intervals");
        Assert.All(lines, line => Assert.True(Encoding.UTF8.GetByteCount(line) + 1 < AuditLimits.MaxRefusalLineBytes, line));
        var attackerBytes = lines.Sum(line => Encoding.UTF8.GetByteCount(line) + 1);
        Assert.True(attackerBytes <= bound * AuditLimits.MaxRefusalLineBytes, $"{attackerBytes} bytes");
        Assert.True(new FileInfo(gateway.JournalPath).Length - journalBefore < 3000 * 100, "the journal grew by more than 100 bytes a refusal");
        output.WriteLine($"{reasons.Values.Sum()} refusals in {floodSeconds:F1} s: {lines.Count} records, {attackerBytes} bytes (largest {lines.Max(l => l.Length)}, largest summary {lines.Where(l => l.Contains("access.refusals", StringComparison.Ordinal)).Max(l => l.Length)}); journal grew {new FileInfo(gateway.JournalPath).Length - journalBefore} bytes");
        Assert.Contains(gateway.AuditRecords(), r => r.GetProperty("type").GetString() == "access.refusals"
            && r.GetProperty("client_ip").GetString() == Attacker && r.GetProperty("count").GetInt64() > 100);
    }

    [Fact]
    public async Task RefusalsAfterTheCredential_WithAggregationOn_StayOneRecordEach()
    {
        await using var gateway = await GatewayUnderTest.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Gate:RefusalSummarySeconds"] = IntervalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        using var client = SourceBoundClient.Create(Attacker, maxConnections: MaxAttackerConnections);

        // bob's valid links for alice's camera: the credential is accepted, the entitlement is not.
        for (var i = 0; i < 30; i++)
        {
            using var response = await client.SendAsync(Offer(gateway.SignedLink("app/cam1", suffix: "/whep", subject: "bob")));
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }

        Assert.Equal(30, gateway.Decisions().Count(d => d.GetProperty("reason").GetString() == "not_entitled"));
        Assert.Equal(0, gateway.Services.GetRequiredService<GateLimits>().Refusals!.OpenWindows);
    }

    [Fact]
    public async Task ForgedSignatureFlood_LockedOutOnceListedAndLifted_ViewerAdmittedThroughout()
    {
        await using var gateway = await GatewayUnderTest.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Gate:RefusalSummarySeconds"] = IntervalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Gate:Lockout:Enabled"] = "true",
            ["Gate:Lockout:Threshold"] = "20",
            ["Gate:Lockout:WindowSeconds"] = "60",
            ["Gate:Lockout:DurationSeconds"] = "600",
        });
        using var attacker = SourceBoundClient.Create(Attacker, maxConnections: MaxAttackerConnections);
        var link = gateway.SignedLink("app/cam1", suffix: "/whep", subject: "alice");
        // One character in the middle of the signature changed: well-formed, but not the MAC.
        var at = link.Length - 10;
        var forged = link[..at] + (link[at] == 'A' ? 'B' : 'A') + link[(at + 1)..];

        var flood = FloodAsync(attacker, 3000, 16, _ => Offer(forged, EscapeHeavyUserAgent));
        Assert.True(await GatewayUnderTest.EventuallyAsync(() => flood.Answered > 500, 60000));
        var during = await gateway.Client.PostAsync(gateway.SignedLink("app/cam1", suffix: "/whep", subject: "alice"), Body());
        var reasons = await flood.Completion;

        Assert.Equal(HttpStatusCode.Created, during.StatusCode);
        Assert.True(reasons.GetValueOrDefault("locked_out") >= 2900, string.Join(", ", reasons));
        Assert.InRange(reasons.GetValueOrDefault("signature_invalid"), 21, 100);

        var lockout = await ExactlyOnce.SingleAsync(
            () => gateway.AuditRecords().Where(r => r.GetProperty("type").GetString() == "source.locked_out"), "source.locked_out record");
        Assert.Equal((Attacker, 21, "signature_invalid"), (
            lockout.GetProperty("client_ip").GetString(), lockout.GetProperty("failures").GetInt32(), lockout.GetProperty("last_reason").GetString()));

        var listed = await ListLockoutsAsync(gateway);
        var entry = Assert.Single(listed.EnumerateArray());
        Assert.Equal((Attacker, 21), (entry.GetProperty("address").GetString(), entry.GetProperty("failures").GetInt32()));
        Assert.True(entry.GetProperty("until").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(9));

        using (var stillLocked = await attacker.PostAsync(gateway.SignedLink("app/cam1", suffix: "/whep", subject: "alice"), Body()))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, stillLocked.StatusCode);
            Assert.Equal("locked_out", await SessionLifecycleTests.ReasonAsync(stillLocked));
        }

        using (var lift = await gateway.SendManagementAsync(HttpMethod.Delete, "/v1/lockouts/" + Attacker))
        {
            Assert.Equal(HttpStatusCode.OK, lift.StatusCode);
        }

        var lifted = Assert.Single(gateway.AuditRecords(), r => r.GetProperty("type").GetString() == "source.lockout_lifted");
        Assert.Equal((Attacker, "management", "127.0.0.1"), (
            lifted.GetProperty("client_ip").GetString(), lifted.GetProperty("operator").GetString(), lifted.GetProperty("admin_ip").GetString()));
        Assert.Empty((await ListLockoutsAsync(gateway)).EnumerateArray());
        using (var again = await gateway.SendManagementAsync(HttpMethod.Delete, "/v1/lockouts/" + Attacker))
        {
            Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        }

        using var afterLift = await attacker.PostAsync(gateway.SignedLink("app/cam1", suffix: "/whep", subject: "alice"), Body());
        Assert.Equal(HttpStatusCode.Created, afterLift.StatusCode);

        // The refusals during the lockout were aggregated, not written one by one.
        var limits = gateway.Services.GetRequiredService<GateLimits>();
        Assert.True(await GatewayUnderTest.EventuallyAsync(() => limits.Refusals!.OpenWindows == 0, 30000));
        Assert.True(await GatewayUnderTest.EventuallyAsync(
            () => Accounted(gateway, Attacker).FirstOrDefault(r => r.Key == "locked_out").Value == reasons["locked_out"] + 1, 10000));
        var lines = AttackerLines(gateway, Attacker);
        output.WriteLine($"{reasons.Values.Sum()} forged: {string.Join(", ", reasons)}; {lines.Count} records, {lines.Sum(l => l.Length + 1)} bytes");
        Assert.True(lines.Count < 40);
    }

    [Fact]
    public async Task StalledWebhook_OneSourceHeldToItsShareOfPending_AnotherSourceAdmitted()
    {
        const int perSource = 16;
        const int requests = 1000;
        await using var gateway = await GatewayUnderTest.StartAsync(
            settings: new Dictionary<string, string?>
            {
                ["Gate:RefusalSummarySeconds"] = "1",
                ["Gate:RequestsPerSecond"] = "0",
            },
            webhook: true);

        // A webhook that stalls for longer than the test needs, so stalled admissions stay pending.
        gateway.WritePolicy(
            sections => sections["admission"] = new
            {
                enabled = true,
                url = gateway.Webhook.Url,
                secret = "file:" + Path.Combine(Path.GetDirectoryName(gateway.PolicyPath)!, "webhook-key"),
                timeoutMs = 20000,
                closingTimeoutMs = 500,
            },
            webhook: true);
        using (var reload = await gateway.SendManagementAsync(HttpMethod.Post, "/v1/policy/reload"))
        {
            Assert.Equal(HttpStatusCode.OK, reload.StatusCode);
        }

        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        gateway.Webhook.Respond = async context =>
        {
            if (WebhookReceiver.BodyOf(context).Contains(Attacker, StringComparison.Ordinal))
            {
                await release.Task.WaitAsync(TimeSpan.FromSeconds(30));
            }

            await WebhookReceiver.WriteJsonAsync(context, 200, "{\"allowed\":true}");
        };
        using var attacker = SourceBoundClient.Create(Attacker, maxConnections: MaxAttackerConnections);
        var links = Enumerable.Range(0, requests).Select(_ => gateway.SignedLink("app/cam2", suffix: "/whep", subject: "bob")).ToArray();
        int StalledOpenings() => gateway.Webhook.Openings.Count(c => c.Body.Contains(Attacker, StringComparison.Ordinal));

        Flood flood;
        try
        {
            flood = FloodAsync(attacker, requests, 200, i => Offer(links[i]));
            Assert.True(await GatewayUnderTest.EventuallyAsync(() => flood.Answered == requests - perSource && StalledOpenings() == perSource, 60000));
            var viewer = await gateway.Client.PostAsync(gateway.SignedLink("app/cam1", suffix: "/whep", subject: "alice"), Body());

            Assert.Equal(HttpStatusCode.Created, viewer.StatusCode);
            await Task.Delay(300);
            Assert.Equal(perSource, StalledOpenings());
            Assert.Equal(perSource, gateway.Services.GetRequiredService<GateLimits>().Pending!.Total);
        }
        finally
        {
            release.TrySetResult();
        }

        var reasons = await flood.Completion;
        output.WriteLine(string.Join(", ", reasons));
        Assert.Equal([("created", perSource), ("too_many_pending", requests - perSource)], reasons.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => (r.Key, r.Value)));
        var limits = gateway.Services.GetRequiredService<GateLimits>();
        Assert.True(await GatewayUnderTest.EventuallyAsync(() => limits.Refusals!.OpenWindows == 0, 30000));
        Assert.True(await GatewayUnderTest.EventuallyAsync(
            () => Accounted(gateway, Attacker).FirstOrDefault(r => r.Key == "too_many_pending").Value == requests - perSource, 10000));
    }

    /// <summary>A flood in progress: how many answers so far, and the answers by reason when done.</summary>
    private sealed class Flood
    {
        private int _answered;

        public int Answered => Volatile.Read(ref _answered);

        public ConcurrentDictionary<string, int> Reasons { get; } = new(StringComparer.Ordinal);

        public Task<ConcurrentDictionary<string, int>> Completion { get; set; } = null!;

        public void Count(string reason)
        {
            Reasons.AddOrUpdate(reason, 1, (_, n) => n + 1);
            Interlocked.Increment(ref _answered);
        }
    }

    private static Flood FloodAsync(HttpClient client, int total, int concurrency, Func<int, HttpRequestMessage> request)
    {
        var flood = new Flood();
        var next = -1;
        async Task WorkAsync()
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < total)
            {
                using var message = request(i);
                using var response = await client.SendAsync(message);
                flood.Count(response.StatusCode == HttpStatusCode.Created ? "created" : await SessionLifecycleTests.ReasonAsync(response) ?? "none");
            }
        }

        async Task<ConcurrentDictionary<string, int>> RunAsync()
        {
            await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(WorkAsync)));
            return flood.Reasons;
        }

        flood.Completion = RunAsync();
        return flood;
    }

    private static HttpRequestMessage Offer(string url, string? userAgent = null)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, url) { Content = Body() };
        message.Headers.TryAddWithoutValidation("User-Agent", userAgent ?? EscapeHeavyUserAgent);
        return message;
    }

    private static StringContent Body() => new("v=0\r\n", Encoding.ASCII, "application/sdp");

    /// <summary>Refusals of one source by reason: decision records plus the counts in its summaries.</summary>
    private static IEnumerable<KeyValuePair<string, int>> Accounted(GatewayUnderTest gateway, string source) =>
        gateway.AuditRecords()
            .Where(r => r.GetProperty("type").GetString() is "access.decision" or "access.refusals"
                && r.TryGetProperty("client_ip", out var ip) && ip.GetString() == source && r.GetProperty("decision").GetString() == "deny")
            .GroupBy(r => r.GetProperty("reason").GetString()!, StringComparer.Ordinal)
            .Select(g => KeyValuePair.Create(g.Key, g.Sum(r => r.GetProperty("type").GetString() == "access.refusals" ? (int)r.GetProperty("count").GetInt64() : 1)))
            .OrderBy(pair => pair.Key, StringComparer.Ordinal);

    private static List<string> AttackerLines(GatewayUnderTest gateway, string source)
    {
        using var stream = new FileStream(gateway.JournalPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Contains($"\"client_ip\":\"{source}\"", StringComparison.Ordinal))
            {
                lines.Add(line);
            }
        }

        return lines;
    }

    private static async Task<JsonElement> ListLockoutsAsync(GatewayUnderTest gateway)
    {
        using var response = await gateway.SendManagementAsync(HttpMethod.Get, "/v1/lockouts");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("response").Clone();
    }
}
