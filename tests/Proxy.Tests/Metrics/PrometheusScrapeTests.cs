using System.Net;
using SecureStream.Media.Tests.Interop;
using SecureStream.Media.Tests.WebRtc.Sdp;
using SecureStream.Proxy.Tests.Browser.Infrastructure;
using SecureStream.Proxy.Tests.Functional.Infrastructure;
using SecureStream.ViewerClient;

namespace SecureStream.Proxy.Tests.Metrics;

/// <summary>
/// A real Prometheus (Debian's, configured from deploy/prometheus/prometheus.example.yml) scrapes
/// the whole gateway in front of a real GStreamer camera and a webhook receiver with the
/// scrape-only token. A forged link, a viewer that plays and a kick through the management API
/// show in Prometheus's own HTTP API; every metric the shipped rules query that the scenario makes
/// (with a camera that cannot be pulled) is stored under the name the rules use, and the rules
/// evaluate against the real series without error; the scrape passes <c>promtool check metrics</c>.
/// </summary>
[Collection(ScrapedMetrics.Name)]
public sealed class PrometheusScrapeTests
{
    private const string Denied = "sum(securestream_gate_decisions_total{decision=\"denied\",reason=\"signature_invalid\"})";
    private const string Admitted = "sum(securestream_gate_decisions_total{decision=\"admitted\"})";
    private const string Kicked = "sum(securestream_sessions_ended_total{reason=\"kicked\"})";

    /// <summary>Metrics the rules query that only a lockout or a failing journal creates.</summary>
    private static readonly string[] NotMadeHere = ["securestream_lockouts_started_total", "securestream_audit_failures_total"];

    [Fact]
    public async Task RealPrometheus_ForgedLinkViewerAndKick_MoveTheirSeries_AndTheScrapePassesPromtool()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await using var prometheus = PrometheusServer.Prepare();
        await using var camera = await GStreamerCamera.StartAsync(timeout.Token);
        await using var gateway = await GStreamerGateway.StartAsync(
            [camera], webhook: true, extra: new Dictionary<string, string?> { ["Management:MetricsToken"] = "file:" + prometheus.TokenPath });
        await prometheus.StartAsync($"127.0.0.1:{gateway.ManagementPort}", timeout.Token);

        // Prometheus's own verdict on the target: the Bearer token from its credentials file opened /metrics.
        Assert.True(
            await prometheus.WaitForAsync("up{job=\"securestream\"}", v => v == 1, timeout.Token) == 1,
            $"Prometheus did not scrape the gateway:\n{prometheus.Log}");
        var before = (
            Denied: await prometheus.QueryAsync(Denied, timeout.Token) ?? 0,
            Admitted: await prometheus.QueryAsync(Admitted, timeout.Token) ?? 0,
            Kicked: await prometheus.QueryAsync(Kicked, timeout.Token) ?? 0);

        // A forged link: refused.
        var link = gateway.SignedLink("demo/h264", suffix: "/whep");
        using (var refused = await GateProbe.OfferAsync(gateway, ForgedLink.WithForgedSignature(link), ChromiumOffers.Offer))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        // A viewer admitted with the real link plays, and is kicked.
        using var http = new HttpClient();
        var viewer = new WebRtcViewer(new WhepSignalling(http, new Uri(link)), new WebRtcViewerOptions { Audio = false });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
        var run = viewer.RunAsync(stop.Token);
        Assert.True(await GatewayUnderTest.EventuallyAsync(() => viewer.SawKeyframe && viewer.Packets > 100, timeoutMs: 60_000), "the viewer did not play");
        var session = Assert.Single(gateway.Sessions.All);
        using (var kick = await gateway.SendManagementAsync(HttpMethod.Delete, "/v1/sessions/" + session.Id))
        {
            Assert.Equal(HttpStatusCode.OK, kick.StatusCode);
        }

        // The scrape as Prometheus gets it passes promtool's checks, while the session's series are fresh.
        var scrape = await MetricsScrape.ReadAsync(gateway, prometheus.Token, timeout.Token);
        var check = await Promtool.RunAsync(["check", "metrics"], Path.GetTempPath(), scrape.Body);
        Assert.True(check.ExitCode == 0, $"promtool check metrics: {check}");

        // The kick ended the viewer's media: its run ends by itself, closed by the gateway.
        var result = await run.WaitAsync(TimeSpan.FromSeconds(60), timeout.Token);
        Assert.Equal(WebRtcViewer.EndedByGateway, result.Failure);
        Assert.NotNull(result.FirstKeyframe);

        // A camera the origin cannot pull (the camera has no such mount): refused, a pull failure for that camera.
        using (var unreachable = await GateProbe.OfferAsync(gateway, gateway.SignedLink("demo/no-such-mount", suffix: "/whep"), ChromiumOffers.Offer))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, unreachable.StatusCode);
        }

        // Prometheus's own HTTP API shows each series move (polled: it scrapes every second).
        var denied = await prometheus.WaitForAsync(Denied, v => v > before.Denied, timeout.Token);
        var admitted = await prometheus.WaitForAsync(Admitted, v => v > before.Admitted, timeout.Token);
        var kicked = await prometheus.WaitForAsync(Kicked, v => v > before.Kicked, timeout.Token);
        Assert.True(denied > before.Denied, $"denied stayed at {denied} (before {before.Denied})");
        Assert.True(admitted > before.Admitted, $"admitted stayed at {admitted} (before {before.Admitted})");
        Assert.True(kicked > before.Kicked, $"kicked stayed at {kicked} (before {before.Kicked})");

        // The rules query the names the gateway exports: each one this scenario makes is stored
        // (a lockout and a failing journal are left to their own tests).
        IReadOnlySet<string> stored = new HashSet<string>();
        var expected = AlertRulesTests.MetricNames().Except(NotMadeHere).ToList();
        await GatewayUnderTest.EventuallyAsync(async () => expected.All((stored = await prometheus.MetricNamesAsync(timeout.Token)).Contains), 60_000);
        var missing = expected.Where(name => !stored.Contains(name)).ToList();
        Assert.True(missing.Count == 0, $"the rules query metrics Prometheus never got: {string.Join(", ", missing)}");

        // Prometheus evaluated the shipped rules against the real series: none failed (a
        // many-to-many match or a wrong type would show here, not in the unit tests' made-up series).
        IReadOnlyList<(string Name, string Health, string? Error)> rules = [];
        Assert.True(
            await GatewayUnderTest.EventuallyAsync(async () => (rules = await prometheus.RulesAsync(timeout.Token)).Count > 0 && rules.All(r => r.Health != "unknown"), 60_000),
            "Prometheus did not evaluate the rules");
        Assert.Equal(AlertRulesTests.Alerts().Order(StringComparer.Ordinal), rules.Select(r => r.Name).Order(StringComparer.Ordinal));
        Assert.All(rules, rule => Assert.True(rule.Health == "ok", $"{rule.Name}: {rule.Health} {rule.Error}"));
    }
}
