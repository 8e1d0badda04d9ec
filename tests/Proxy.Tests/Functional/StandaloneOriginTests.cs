using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using SecureStream.Media.Tests.Interop;
using SecureStream.Policy.Access;
using SecureStream.Policy.Secrets;
using SecureStream.Policy.SignedUrls;
using SecureStream.Policy.Tickets;
using SecureStream.Proxy.Tests.Docs;
using SecureStream.Proxy.Tests.Functional.Infrastructure;
using SecureStream.ViewerClient;

namespace SecureStream.Proxy.Tests.Functional;

/// <summary>
/// The origin on its own (docs/architecture.md, "The origin's face"): an origin started with the
/// <c>origin</c> verb and a front door started with <c>run</c> and <c>Origin:Destinations</c>, each
/// its own process of the built executable sharing only a ticket key file, in front of a real
/// GStreamer camera. A viewer sent by the front door plays from the origin; the front door pulls
/// nothing and opens no media port; the origin serves nobody without a ticket.
/// </summary>
public sealed partial class StandaloneOriginTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task OriginVerbAndSeparateFrontDoor_ViewerPlaysFromTheOrigin_FrontDoorPullsNothing_OriginRefusesWithoutTicket()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await using var camera = await GStreamerCamera.StartAsync(timeout.Token);
        using var folder = new TempFolder();
        var keys = Keys.Write(folder.Path);
        string[] cameraSettings =
        [
            "--OriginMap:Origins:0:Location=/demo", "--OriginMap:Origins:0:Scheme=rtsp",
            $"--OriginMap:Origins:0:Urls:0=127.0.0.1:{camera.Port}", "--OriginMap:UnusedStreamDeletionTimeoutMs=1000",
            "--DemoCameras:Enabled=false", $"--Origin:TicketKey=file:{keys.TicketKey}",
        ];

        await using var origin = StartVerb(folder.Sub("origin"), "origin",
        [
            "--Listeners:Origin:Address=127.0.0.1", "--Listeners:Origin:Port=0",
            "--WebRtc:Ice:BindAddress=127.0.0.1", "--WebRtc:Ice:Port=0", .. cameraSettings,
        ]);
        var originPort = await ListeningPortAsync(origin, "origin", timeout.Token);

        await using var frontDoor = StartVerb(folder.Sub("front-door"), "run",
        [
            "--Listeners:Http:Address=127.0.0.1", "--Listeners:Http:Port=0", "--Listeners:Https:Enabled=false",
            "--Listeners:Management:Enabled=false", $"--Origin:Destinations:0=http://127.0.0.1:{originPort}",
            "--WebRtc:Ice:BindAddress=127.0.0.1", "--WebRtc:Ice:Port=0",
            $"--Policy:Path={keys.PolicyPath}", "--Policy:CreateMissingDevelopmentSecrets=false",
            $"--Management:AccessToken=file:{keys.ManagementToken}", $"--Audit:CheckpointKey=file:{keys.CheckpointKey}",
            $"--Audit:JournalPath={keys.Journal}", .. cameraSettings,
        ]);
        var httpPort = await ListeningPortAsync(frontDoor, "front door", timeout.Token);

        // A viewer sent by the front door (a signed link to it) plays decodable video from the origin.
        var link = keys.WhepLink(httpPort);
        using var http = new HttpClient();
        var viewer = new WebRtcViewer(new WhepSignalling(http, new Uri(link)), new WebRtcViewerOptions { Audio = false });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
        var run = viewer.RunAsync(stop.Token);
        Assert.True(await GatewayUnderTest.EventuallyAsync(() => viewer.SawKeyframe, timeoutMs: 60_000), "no keyframe arrived\n" + Both(origin, frontDoor));
        Assert.True(await GatewayUnderTest.EventuallyAsync(() => viewer.Packets > 300, timeoutMs: 60_000), "the stream stalled\n" + Both(origin, frontDoor));
        await stop.CancelAsync();
        var result = await run;

        Assert.True(result.Played, $"did not play: {result.Failure}");
        Assert.Equal((320, 240), result.PictureSize);
        Assert.Equal(0, result.BadNalUnits);
        Assert.Equal(0, result.SrtpFailures);

        // One pull, the origin's: the front door neither pulled the camera nor opened a media port.
        Assert.Equal(1, camera.Connections);
        Assert.Contains("ICE port listening on 127.0.0.1:", origin.Output, StringComparison.Ordinal);
        Assert.Contains("Origin running alone: signalling on 127.0.0.1:" + originPort, origin.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("ICE port listening on", frontDoor.Output, StringComparison.Ordinal);
        Assert.Contains("Front door only: Origin:Destinations lists 1 origin(s)", frontDoor.Output, StringComparison.Ordinal);
        // The admission was the front door's: its journal holds the decision; the origin keeps none.
        var decision = Assert.Single(Records(keys.Journal), r => r.GetProperty("type").GetString() == "access.decision");
        Assert.Equal("allow", decision.GetProperty("decision").GetString());
        Assert.Empty(Directory.EnumerateFiles(folder.Sub("origin"), "*.jsonl", SearchOption.AllDirectories));

        // The session ends at the origin, which logs it (no front door in its process to tell).
        Assert.True(
            await GatewayUnderTest.EventuallyAsync(() => SessionEndedAtOrigin().IsMatch(origin.Output), timeoutMs: 30_000),
            "the origin did not log the session's end\n" + origin.Output);
        await camera.WaitForClientsAsync(0, timeout.Token);

        // The origin serves nobody the front door did not send: no ticket, or one it did not sign.
        var noTicket = await OfferToOriginAsync(http, originPort, ticket: null, timeout.Token);
        Assert.Equal((HttpStatusCode.Unauthorized, "ticket_missing"), noTicket);
        var forged = new TicketIssuer(TicketKey.CreateRandom(), TimeProvider.System)
            .Issue(TicketIssuer.NewId(), new CameraPath("demo", "h264"), "anonymous", null, string.Empty);
        var wrongKey = await OfferToOriginAsync(http, originPort, forged, timeout.Token);
        Assert.Equal((HttpStatusCode.Unauthorized, "ticket_invalid"), wrongKey);
        Assert.Equal(1, camera.Connections);
    }

    internal static SampleProcess StartVerb(string workingFolder, string verb, string[] settings) =>
        SampleProcess.Start("dotnet", [Path.Combine(AppContext.BaseDirectory, "SecureStream.Proxy.dll"), verb, .. settings], workingFolder);

    /// <summary>The port of the process's one HTTP listener, from Kestrel's start line; fails with what it wrote when it does not start.</summary>
    internal static async Task<int> ListeningPortAsync(SampleProcess process, string name, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (Listening().Match(process.Output) is { Success: true } match)
            {
                return int.Parse(match.Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture);
            }

            await Task.Delay(100, cancellationToken);
        }

        Assert.Fail($"the {name} did not start listening:\n{process.Output}\n{process.Error}");
        return 0;
    }

    /// <summary>A WHEP offer straight to the origin's signalling listener, as only a front door should send one.</summary>
    private static async Task<(HttpStatusCode Status, string? Reason)> OfferToOriginAsync(
        HttpClient http, int originPort, string? ticket, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"http://127.0.0.1:{originPort}/demo/h264/whep"))
        {
            Content = new StringContent("v=0\r\n", Encoding.ASCII, "application/sdp"),
        };
        if (ticket is not null)
        {
            request.Headers.TryAddWithoutValidation(TicketIssuer.HeaderName, ticket);
        }

        using var response = await http.SendAsync(request, cancellationToken);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken)).RootElement;
        return (response.StatusCode, body.GetProperty("reason").GetString());
    }

    internal static List<JsonElement> Records(string journal) =>
        [.. File.ReadAllLines(journal).Where(line => line.Length > 0).Select(line => JsonDocument.Parse(line).RootElement.Clone())];

    private static string Both(SampleProcess origin, SampleProcess frontDoor) =>
        $"origin:\n{origin.Output}\n{origin.Error}\nfront door:\n{frontDoor.Output}\n{frontDoor.Error}";

    [GeneratedRegex(@"Now listening on: http://127\.0\.0\.1:(?<port>\d+)")]
    internal static partial Regex Listening();

    [GeneratedRegex(@"Viewer session \S+ on demo/h264 ended at this origin: \w+, [1-9]\d* octets sent")]
    private static partial Regex SessionEndedAtOrigin();

    /// <summary>The secrets both processes share (the ticket key) and the front door's own, as files in the test's folder.</summary>
    internal sealed record Keys(string TicketKey, string PolicyPath, string ManagementToken, string CheckpointKey, string Journal, SecretValue LinkSecret)
    {
        /// <summary>A signed link (valid 5 minutes) for the demo camera's WHEP endpoint on the front door at <paramref name="httpPort"/>.</summary>
        public string WhepLink(int httpPort) => SignedUrlSigner.CreateLink(
            new Uri($"http://127.0.0.1:{httpPort}/demo/h264/whep"),
            new SignedPolicyClaims(DateTimeOffset.UtcNow + TimeSpan.FromMinutes(5)),
            null,
            LinkSecret,
            SignedUrlAlgorithm.HmacSha1,
            SignedUrlParameterNames.Default);

        public static Keys Write(string folder)
        {
            string Secret(string name)
            {
                var path = Path.Combine(folder, name);
                File.WriteAllText(path, Convert.ToHexString(RandomNumberGenerator.GetBytes(32)));
                return path;
            }

            var linkKey = Secret("link-key");
            var jwtKey = Secret("jwt-key");
            // The repository's policy.json with its development secrets replaced by this folder's.
            var policy = File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "policy.json"))
                .Replace("file:data/dev-secrets/link-key", "file:" + linkKey, StringComparison.Ordinal)
                .Replace("file:data/dev-secrets/jwt-key", "file:" + jwtKey, StringComparison.Ordinal);
            Assert.DoesNotContain("file:data/dev-secrets/", policy, StringComparison.Ordinal);
            var policyPath = Path.Combine(folder, "policy.json");
            File.WriteAllText(policyPath, policy);
            return new Keys(
                Secret("ticket-key"),
                policyPath,
                Secret("management-token"),
                Secret("checkpoint-key"),
                Path.Combine(folder, "audit", "audit.jsonl"),
                SecretValue.FromText(File.ReadAllText(linkKey)));
        }
    }

    internal sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("securestream-origin-").FullName;

        /// <summary>A working folder of its own for one process (its data/ and camera store).</summary>
        public string Sub(string name) => Directory.CreateDirectory(System.IO.Path.Combine(Path, name)).FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
