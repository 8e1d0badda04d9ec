using System.Net;
using System.Text;
using Xunit.Abstractions;
using SecureStream.Media.Tests.WebRtc.Sdp;
using SecureStream.Proxy.Tests.Browser.Infrastructure;
using SecureStream.Proxy.Tests.Functional.Infrastructure;

namespace SecureStream.Proxy.Tests.Metrics;

/// <summary>
/// No series per viewer: while 1,000 viewers come and go on a camera (each admitted by the gate,
/// given a session at the origin, then hung up with a WHEP DELETE), the gateway's scrape keeps the
/// series it had once the first viewers had come and gone, and adds at most a few label values
/// from fixed sets.
/// </summary>
[Collection(ScrapedMetrics.Name)]
public sealed class SeriesCountTests(ITestOutputHelper output)
{
    private const int Viewers = 1000;
    private const int FirstViewers = 50;
    private const int Parallel = 8;

    // Label values from fixed sets (reason codes, kind) a loaded run may show for the first time
    // after the first viewers; one series per viewer would be 950.
    private const int FixedSetAllowance = 16;

    [Fact]
    public async Task ThousandViewersComeAndGo_SeriesCountStaysFlat()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(6));
        var token = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));
        // A folder of the user's own (0700) for the token file the gateway reads.
        var directory = Directory.CreateTempSubdirectory("securestream-series-").FullName;
        var tokenFile = Path.Combine(directory, "metrics-token");
        File.WriteAllText(tokenFile, token);
        try
        {
            // One address sends every request here: its request rate limit and pending share are off,
            // and the anonymous pool and shares fit the batch (the limits have their own tests).
            await using var gateway = await DemoCameraGateway.StartAsync(new Dictionary<string, string?>
            {
                ["Management:MetricsToken"] = "file:" + tokenFile,
                ["Gate:RequestsPerSecond"] = "0",
                ["Gate:MaxPendingPerSource"] = "0",
            });
            gateway.WritePolicy(policy => policy["anonymousLinks"] = new
            {
                cameras = new[] { "demo/*" },
                maxSessions = 100,
                maxSessionsPerLink = 100,
                maxSessionsPerSource = 100,
            }, webhook: false);
            using (var reload = await gateway.SendManagementAsync(HttpMethod.Post, "/v1/policy/reload"))
            {
                Assert.Equal(HttpStatusCode.OK, reload.StatusCode);
            }

            var before = await QuietScrapeAsync(gateway, token, timeout.Token);
            await ComeAndGoAsync(gateway, 0, FirstViewers, timeout.Token);
            var first = await QuietScrapeAsync(gateway, token, timeout.Token);
            await ComeAndGoAsync(gateway, FirstViewers, Viewers / 2, timeout.Token);
            var midway = await QuietScrapeAsync(gateway, token, timeout.Token);
            await ComeAndGoAsync(gateway, Viewers / 2, Viewers, timeout.Token);
            var after = await QuietScrapeAsync(gateway, token, timeout.Token);

            output.WriteLine($"series: {before.Series.Count} before any viewer, {first.Series.Count} after {FirstViewers}, {midway.Series.Count} after {Viewers / 2}, {after.Series.Count} after {Viewers}");

            // The viewers reached the instruments: every one admitted and ended, none left.
            const string Admitted = "decision=\"admitted\"";
            Assert.True(
                after.Sum("securestream_gate_decisions_total", Admitted) - before.Sum("securestream_gate_decisions_total", Admitted) >= Viewers,
                $"admissions counted: {after.Sum("securestream_gate_decisions_total", Admitted)}");
            Assert.True(
                after.Sum("securestream_sessions_ended_total") - before.Sum("securestream_sessions_ended_total") >= Viewers,
                $"session ends counted: {after.Sum("securestream_sessions_ended_total")}");
            Assert.Equal(0d, after.Sum("securestream_sessions_active"));

            Assert.True(first.Series.Count > before.Series.Count, "the first viewers added no series at all: the instruments are not in the scrape");
            // 950 more viewers add no series of their own. A loaded machine may show a label value
            // from a fixed set for the first time (a session that ended consent_lost, its DELETE
            // then denied session_not_found, a frame dropped): a few series, never one per viewer,
            // and none naming a viewer's link, address or session.
            var added = after.Series.Except(first.Series).ToList();
            Assert.True(
                added.Count <= FixedSetAllowance && after.Series.Count >= midway.Series.Count && midway.Series.Count >= first.Series.Count,
                $"series after {FirstViewers} viewers: {first.Series.Count}, after {Viewers / 2}: {midway.Series.Count}, after {Viewers}: {after.Series.Count}; "
                + $"new: {string.Join(", ", added.Take(20))}");
            Assert.DoesNotContain(added, series => series.Contains("viewer-", StringComparison.Ordinal) || series.Contains("127.0.0.1", StringComparison.Ordinal) || series.Contains("session_id", StringComparison.Ordinal));
            Assert.Empty(first.Series.Except(after.Series));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>
    /// Viewers <paramref name="from"/> to <paramref name="to"/> (exclusive), <see cref="Parallel"/>
    /// at a time, each on a link of its own for one camera: a WHEP offer admitted (201, the origin's
    /// answer), then its DELETE (200, or 404 when the origin had ended the session first).
    /// </summary>
    private static Task ComeAndGoAsync(GatewayUnderTest gateway, int from, int to, CancellationToken cancellationToken) =>
        System.Threading.Tasks.Parallel.ForAsync(from, to, new ParallelOptions { MaxDegreeOfParallelism = Parallel, CancellationToken = cancellationToken }, async (i, token) =>
        {
            var link = gateway.SignedLink("demo/metrics", suffix: "/whep", linkId: "viewer-" + i);
            using var offer = new HttpRequestMessage(HttpMethod.Post, link) { Content = new StringContent(ChromiumOffers.Offer, Encoding.UTF8) };
            offer.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/sdp");
            using var answer = await gateway.Client.SendAsync(offer, token);
            Assert.True(answer.StatusCode == HttpStatusCode.Created, $"viewer {i}: offer answered {(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync(token)}");
            using var hangUp = await gateway.Client.DeleteAsync(new Uri(new Uri(link), answer.Headers.Location!), token);
            // 404 session_not_found: the origin had ended the session before the DELETE came (on a
            // loaded machine, consent_lost: this client never answers ICE); either way the viewer
            // has gone, which is what counts here.
            var body = await hangUp.Content.ReadAsStringAsync(token);
            Assert.True(
                hangUp.StatusCode == HttpStatusCode.OK || (hangUp.StatusCode == HttpStatusCode.NotFound && body.Contains("session_not_found", StringComparison.Ordinal)),
                $"viewer {i}: DELETE answered {(int)hangUp.StatusCode} {body}");
        });

    /// <summary>
    /// A scrape once every session has ended at the front door, after a full garbage collection:
    /// the runtime's per-generation series exist once each generation was collected, which has
    /// nothing to do with viewers (the gateway runs in this test process).
    /// </summary>
    private static async Task<MetricsScrape> QuietScrapeAsync(GatewayUnderTest gateway, string token, CancellationToken cancellationToken)
    {
        Assert.True(await GatewayUnderTest.EventuallyAsync(() => !gateway.Sessions.All.Any(), timeoutMs: 60_000), "sessions stayed open");
        GC.Collect(2, GCCollectionMode.Forced, blocking: true);
        GC.WaitForPendingFinalizers();
        // The exporter reuses a rendering for a second: wait it out, so this scrape is fresh.
        await Task.Delay(TimeSpan.FromSeconds(1.1), cancellationToken);
        return await MetricsScrape.ReadAsync(gateway, token, cancellationToken);
    }
}
