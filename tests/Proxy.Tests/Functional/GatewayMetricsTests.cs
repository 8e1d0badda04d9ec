using SecureStream.Proxy.Tests.Functional.Infrastructure;

namespace SecureStream.Proxy.Tests.Functional;

/// <summary>
/// <c>/metrics</c> through the real gateway: behind the management tokens or the scrape-only
/// token (which opens nothing else), and the front door's and the policy's series moving after a
/// forged link and an admitted viewer.
/// </summary>
[Collection(ScrapedMetrics.Name)]
public sealed class GatewayMetricsTests : IAsyncLifetime
{
    private const string ScrapeToken = "scrape-token-for-tests-0123456789";

    private readonly string _tokenFile = Path.Combine(Path.GetTempPath(), "securestream-metrics-token-" + Guid.NewGuid().ToString("N"));
    private GatewayUnderTest _gateway = null!;

    public async Task InitializeAsync()
    {
        await File.WriteAllTextAsync(_tokenFile, ScrapeToken);
        _gateway = await GatewayUnderTest.StartAsync(
            webhook: true,
            settings: new Dictionary<string, string?>
            {
                ["Management:MetricsToken"] = "file:" + _tokenFile,
                ["Gate:Lockout:Enabled"] = "true",
            });
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        File.Delete(_tokenFile);
    }

    [Fact]
    public async Task Metrics_RefusedWithoutToken_OpenToManagementAndScrapeToken_ScrapeTokenOpensNothingElse()
    {
        Assert.Equal(401, await MetricsScrape.StatusAsync(_gateway, "/metrics", bearer: null));
        Assert.Equal(401, await MetricsScrape.StatusAsync(_gateway, "/metrics", bearer: "not-the-scrape-token-0123456789"));
        Assert.Contains("# TYPE", await MetricsScrape.TextAsync(_gateway), StringComparison.Ordinal);
        Assert.Equal(200, await MetricsScrape.StatusAsync(_gateway, "/metrics", ScrapeToken));

        Assert.Equal(401, await MetricsScrape.StatusAsync(_gateway, "/v1/sessions", ScrapeToken));
        Assert.Equal(401, await MetricsScrape.StatusAsync(_gateway, "/v1/vhosts", ScrapeToken));
        using var withManagementToken = await _gateway.SendManagementAsync(HttpMethod.Get, "/v1/sessions");
        Assert.Equal(200, (int)withManagementToken.StatusCode);
    }

    [Fact]
    public async Task ForgedLinkGoodLinkAndKick_DecisionsWebhookSessionsAndJournalSeriesMove()
    {
        var good = _gateway.SignedLink("app/cam1", suffix: "/whep", subject: "alice");
        var forged = good.Replace("signature=", "signature=A", StringComparison.Ordinal);

        string reason;
        using (var refused = await GateProbe.OfferAsync(_gateway, forged))
        {
            Assert.Equal(401, (int)refused.StatusCode);
            reason = GateProbe.ReasonOf(await refused.Content.ReadAsStringAsync())!;
        }

        // The series carries the code the client was sent and the audit record says.
        Assert.StartsWith("signature_", reason, StringComparison.Ordinal);
        Assert.Equal(reason, _gateway.Decisions()[^1].GetProperty("reason").GetString());
        var denied = await MetricsScrape.WaitForAsync(_gateway, text => Denied(text, reason) >= 1);
        Assert.Equal(1, Denied(denied, reason));
        Assert.Null(MetricsScrape.Value(denied, "securestream_gate_decisions_total", ("decision", "admitted")));

        using (var admitted = await GateProbe.OfferAsync(_gateway, good))
        {
            Assert.Equal(201, (int)admitted.StatusCode);
        }

        var text = await MetricsScrape.WaitForAsync(_gateway, text =>
            MetricsScrape.Value(text, "securestream_gate_decisions_total", ("decision", "admitted"), ("reason", "ok")) >= 1);
        Assert.Equal(1, MetricsScrape.Value(text, "securestream_gate_decisions_total", ("decision", "admitted"), ("reason", "ok")));
        Assert.Equal(1, MetricsScrape.Value(text, "securestream_gate_decisions_total", ("decision", "denied"), ("reason", reason)));
        Assert.Equal(1, MetricsScrape.Value(text, "securestream_webhook_calls_total", ("outcome", "allowed")));
        Assert.Equal(1, MetricsScrape.Value(text, "securestream_webhook_duration_seconds_count", ("outcome", "allowed")));
        Assert.Equal(1, MetricsScrape.Value(text, "securestream_sessions_active", ("protocol", "whep")));
        Assert.True(MetricsScrape.Value(text, "securestream_audit_appends_total") >= 3, "decision, decision + session start");
        Assert.True(MetricsScrape.Value(text, "securestream_audit_append_bytes_total") > 0);
        Assert.True(MetricsScrape.Value(text, "securestream_audit_fsync_duration_seconds_count") >= 1);
        Assert.Equal(1, MetricsScrape.Value(text, "securestream_audit_healthy"));
        Assert.Equal(0, MetricsScrape.Value(text, "securestream_audit_failures_total") ?? 0);
        Assert.Equal(1, MetricsScrape.Value(text, "securestream_origins_up"));
        Assert.True(MetricsScrape.Value(text, "securestream_audit_disk_free_bytes") > 0);
        Assert.NotNull(MetricsScrape.Value(text, "securestream_gate_rate_limited_total", ("limiter", "rate")));
        Assert.Equal(0, MetricsScrape.Value(text, "securestream_lockouts_active"));

        var session = Assert.Single(_gateway.Sessions.All);
        using (var kicked = await _gateway.SendManagementAsync(HttpMethod.Delete, "/v1/sessions/" + session.Id))
        {
            Assert.Equal(200, (int)kicked.StatusCode);
        }

        var afterKick = await MetricsScrape.WaitForAsync(_gateway, text =>
            MetricsScrape.Value(text, "securestream_sessions_ended_total", ("reason", "kicked")) >= 1);
        Assert.Equal(1, MetricsScrape.Value(afterKick, "securestream_sessions_ended_total", ("reason", "kicked")));
        Assert.Equal(1, MetricsScrape.Value(afterKick, "securestream_sessions_ended_total"));
        Assert.Equal(0, MetricsScrape.Value(afterKick, "securestream_sessions_active", ("protocol", "whep")));
    }

    private static double Denied(string text, string reason) =>
        MetricsScrape.Value(text, "securestream_gate_decisions_total", ("decision", "denied"), ("reason", reason)) ?? 0;
}
