using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using SecureStream.Proxy.Cli;
using SecureStream.Proxy.Tests.Cli;
using SecureStream.Proxy.Tests.Functional.Infrastructure;

namespace SecureStream.Proxy.Tests.Docs;

/// <summary>
/// The code samples of docs/ that a user pastes, extracted exactly as written (see
/// <see cref="DocSample"/>), run with the interpreter the doc names, their documented
/// placeholders filled as the doc says, against a real gateway: a link or token a sample signs is
/// admitted, a receiver sample answers the gateway's real webhook, the Seq queries name
/// properties the gateway's Seq records carry. Breaking a sample in the doc fails its test.
/// </summary>
[Collection("environment")]
public sealed partial class DocSampleTests
{
    // The realistic example of docs/links.md that every link signer prints as written.
    private const string ExampleLink = "wss://cams.example.com:3334/site/lobby-1?policy=eyJ1cmxfZXhwaXJlIjoxOTI0OTkyMDAwMDAwfQ&signature=rJ1xWiqU9JccuPDwxwOgUv1CEks";
    private const string ExampleBase = "wss://cams.example.com:3334/site/lobby-1";
    private const string ExampleSecret = "correct horse battery staple 2026";
    private const string ExampleExpiryMs = "1924992000000";
    private const string ExampleExpiryIso = "2031-01-01T00:00:00Z";
    private const string TestWebhookSecret = "webhook-secret-for-tests-0123456789";

    /// <summary>Every sample name marked in the covered docs: each has a test below.</summary>
    private static readonly string[] Runs =
    [
        "sign-link-python", "sign-link-node", "sign-link-csharp", "sign-link-sh", "sign-token-python", "sign-token-node",
        "whep-curl", "sign-command", "verify-node", "verify-csharp", "receiver-python", "line-hash-python", "seq-queries",
        // webhooks.md's first steps: run by PolicyReadinessTests against a rejected reload.
        "webhook-check-config", "webhook-readyz", "webhook-policy-status",
    ];

    [Fact]
    public void MarkedSamples_EachRunByATest()
    {
        var marked = DocSample.CoveredDocs.SelectMany(DocSample.Read).Where(s => s.Name is not null).Select(s => s.Name!).Distinct().Order().ToList();

        Assert.Equal(Runs.Order().ToList(), marked);
    }

    [Fact]
    public void RunnableBlocks_AllMarkedSampleOrSkip()
    {
        var unmarked = DocSample.CoveredDocs.SelectMany(DocSample.Read)
            .Where(s => DocSample.RunnableLanguages.Contains(s.Language, StringComparer.OrdinalIgnoreCase) && s.Name is null && !s.Skipped)
            .Select(s => s.ToString())
            .ToList();

        Assert.True(unmarked.Count == 0, "Mark these blocks <!-- sample: NAME --> (and run them in DocSampleTests) or <!-- sample: skip, REASON -->: " + string.Join(", ", unmarked));
    }

    [Theory]
    [InlineData("sign-link-python")]
    [InlineData("sign-link-node")]
    [InlineData("sign-link-csharp")]
    [InlineData("sign-link-sh")]
    public async Task SignLink_AsWritten_PrintsExampleAndFilledIsAdmitted(string name)
    {
        Assert.Contains(ExampleLink, ReadDoc("links.md"), StringComparison.Ordinal);
        var sample = DocSample.Named("links.md", name);
        await using var site = await DefaultPolicyGateway.StartAsync();
        var whepBase = $"http://127.0.0.1:{site.Gateway.HttpPort}/demo/lobby/whep";
        var expiry = DateTimeOffset.UtcNow.AddMinutes(5);
        var expiryMs = expiry.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);

        SampleRun asWritten, filled;
        if (name == "sign-link-sh")
        {
            // "usage: SECRET='…' ./sign.sh BASE EXPIRY_MS", and for the development key the doc's own command line.
            const string DevCommand = "SECRET=$(cat data/dev-secrets/link-key) ./sign.sh http://127.0.0.1:3333/demo/lobby/whep <ms>";
            Assert.Contains(DevCommand, ReadDoc("links.md"), StringComparison.Ordinal);
            var script = WriteSample(site.WorkingDirectory, "sign.sh", sample.Code);
            if (!OperatingSystem.IsLinux())
            {
                throw new PlatformNotSupportedException("the shell samples run on Linux");
            }

            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            asWritten = await SampleProcess.RunAsync("sh", ["sign.sh", ExampleBase, ExampleExpiryMs], site.WorkingDirectory, new Dictionary<string, string> { ["SECRET"] = ExampleSecret });
            var command = DevCommand.Replace(":3333/", $":{site.Gateway.HttpPort}/", StringComparison.Ordinal).Replace("<ms>", expiryMs, StringComparison.Ordinal);
            filled = await SampleProcess.RunAsync("sh", ["-c", command], site.WorkingDirectory);
        }
        else
        {
            var (file, program) = name switch
            {
                "sign-link-python" => ("sign-link.py", SampleProcess.Python),
                "sign-link-node" => ("sign-link.js", "node"),
                _ => ("sign-link.cs", "dotnet"),
            };
            var expiryText = name == "sign-link-csharp" ? ExampleExpiryIso : ExampleExpiryMs;
            var expiryValue = name == "sign-link-csharp" ? expiry.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) : expiryMs;
            var filledCode = Fill(sample.Code, (ExampleBase, whepBase), (ExampleSecret, site.LinkKey), (expiryText, expiryValue));
            var exampleDirectory = Directory.CreateDirectory(Path.Combine(site.WorkingDirectory, "example")).FullName;
            WriteSample(exampleDirectory, file, sample.Code);
            WriteSample(site.WorkingDirectory, file, filledCode);
            var asWrittenRun = RunFileAsync(program, file, exampleDirectory, []);
            filled = await RunFileAsync(program, file, site.WorkingDirectory, []);
            asWritten = await asWrittenRun;
        }

        Assert.True(asWritten.ExitCode == 0, asWritten.ToString());
        Assert.Equal(ExampleLink, asWritten.LastLine);
        Assert.True(filled.ExitCode == 0, filled.ToString());
        Assert.StartsWith(whepBase + "?policy=", filled.LastLine, StringComparison.Ordinal);
        var response = await GateProbe.OfferAsync(site.Gateway, filled.LastLine);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    [Theory]
    [InlineData("sign-token-python")]
    [InlineData("sign-token-node")]
    public async Task SignToken_DefaultPolicy_TokenAdmitted(string name)
    {
        await using var site = await DefaultPolicyGateway.StartAsync();

        var token = await SignTokenAsync(site, name);

        var response = await GateProbe.OfferAsync(site.Gateway, $"http://127.0.0.1:{site.Gateway.HttpPort}/demo/lobby/whep", bearer: token);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        var decision = site.Gateway.Decisions()[^1];
        Assert.Equal("allow", decision.GetProperty("decision").GetString());
        Assert.Equal("op:alice", decision.GetProperty("operator").GetString());
    }

    [Fact]
    public async Task WhepCurl_WithTokenFromPythonSample_Admitted()
    {
        await using var site = await DefaultPolicyGateway.StartAsync();
        var token = await SignTokenAsync(site, "sign-token-python");
        var sample = DocSample.Named("links.md", "whep-curl");
        WriteSample(site.WorkingDirectory, "offer.sdp", "v=0\r\n");
        WriteSample(site.WorkingDirectory, "whep.sh", Fill(sample.Code, ("127.0.0.1:3334", $"127.0.0.1:{site.Gateway.HttpsPort}")));
        var hits = site.Gateway.Origin.Hits.Count;

        var run = await SampleProcess.RunAsync("sh", ["whep.sh"], site.WorkingDirectory, new Dictionary<string, string> { ["TOKEN"] = token });

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.DoesNotContain("problem", run.Output, StringComparison.Ordinal);
        Assert.Equal(hits + 1, site.Gateway.Origin.Hits.Count);
        Assert.Equal("allow", site.Gateway.Decisions()[^1].GetProperty("decision").GetString());
    }

    [Fact]
    public async Task SignCommand_AsDocumented_EveryPrintedUrlAdmitted()
    {
        await using var site = await DefaultPolicyGateway.StartAsync();
        var sample = DocSample.Named("links.md", "sign-command");
        var words = sample.Code.Replace("\\\n", " ", StringComparison.Ordinal).Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
        var args = words[(Array.IndexOf(words, "sign") + 1)..];
        var baseAt = Array.IndexOf(args, "--base") + 1;
        Assert.True(baseAt > 0, "the documented sign command has no --base");
        args[baseAt] = $"ws://127.0.0.1:{site.Gateway.HttpPort}";
        Environment.SetEnvironmentVariable(SignCommand.LinkKeyVariable, null);
        Environment.SetEnvironmentVariable(SignCommand.JwtKeyVariable, null);
        var output = new StringWriter();
        var error = new StringWriter();

        var exit = SignCommand.Run([.. args, "--policy", site.PolicyPath], output, error);

        Assert.True(exit == 0, error.ToString());
        var documented = DocSample.Read("links.md").First(s => s.Skipped && s.Code.StartsWith("signed link:", StringComparison.Ordinal));
        Assert.Equal(Prefixes(documented.Code), Prefixes(output.ToString()));
        var printed = SignCommandTests.Printed.Parse(output.ToString());
        var gateway = site.Gateway;
        Assert.Contains("\"command\":\"offer\"", await GateProbe.WebSocketFirstFrameAsync(printed.Link), StringComparison.Ordinal);
        Assert.Contains("\"command\":\"offer\"", await GateProbe.WebSocketFirstFrameAsync(printed.TokenUrl.Replace("<token>", printed.Token, StringComparison.Ordinal)), StringComparison.Ordinal);
        await SignCommandTests.AssertPagePlaysAsync(gateway, printed.Play, bearer: null);
        await SignCommandTests.AssertPagePlaysAsync(gateway, printed.TokenPlay.Replace("<token>", printed.Token, StringComparison.Ordinal), printed.Token);
    }

    [Theory]
    [InlineData("verify-node")]
    [InlineData("verify-csharp")]
    public async Task VerifySignatures_RealWebhookCall_TrueAndTamperedFalse(string name)
    {
        var sample = DocSample.Named("webhooks.md", name);
        await using var gateway = await GatewayUnderTest.StartAsync(webhook: true);
        var admitted = await GateProbe.OfferAsync(gateway, gateway.SignedLink("app/cam1", suffix: "/whep", subject: "alice"));
        Assert.Equal(HttpStatusCode.Created, admitted.StatusCode);
        var call = Assert.Single(gateway.Webhook.Openings);
        var directory = Directory.CreateTempSubdirectory("securestream-sample-").FullName;
        var body = Encoding.UTF8.GetBytes(call.Body);
        var tampered = (byte[])body.Clone();
        tampered[^2] ^= 1;
        File.WriteAllBytes(Path.Combine(directory, "body"), body);
        File.WriteAllBytes(Path.Combine(directory, "tampered"), tampered);
        var environment = new Dictionary<string, string>
        {
            ["SECRET"] = TestWebhookSecret,
            ["OME_SIGNATURE"] = call.Headers["X-OME-Signature"],
            ["STAMPED_SIGNATURE"] = call.Headers["X-SecureStream-Signature"],
        };

        // The doc's functions as written, then a few lines that call them the way a receiver does.
        var run = name == "verify-node"
            ? await RunFileAsync("node", WriteSample(directory, "verify.js", sample.Code + """

                const fs = require("node:fs");
                for (const file of ["body", "tampered"]) {
                  const raw = fs.readFileSync(file), secret = Buffer.from(process.env.SECRET, "utf8");
                  console.log(omeSignatureOk(secret, raw, process.env.OME_SIGNATURE) + " " +
                              timestampedSignatureOk(secret, raw, process.env.STAMPED_SIGNATURE));
                }
                """), directory, [], environment)
            : await RunFileAsync("dotnet", WriteSample(directory, "verify.cs", sample.Code + """

                foreach (var file in new[] { "body", "tampered" })
                {
                    var raw = File.ReadAllBytes(file);
                    var secret = Encoding.UTF8.GetBytes(Environment.GetEnvironmentVariable("SECRET")!);
                    Console.WriteLine($"{OmeSignatureOk(secret, raw, Environment.GetEnvironmentVariable("OME_SIGNATURE"))} {TimestampedSignatureOk(secret, raw, Environment.GetEnvironmentVariable("STAMPED_SIGNATURE"), TimeSpan.FromMinutes(5))}".ToLowerInvariant());
                }
                """), directory, [], environment, timeoutSeconds: 300);

        Assert.True(run.ExitCode == 0, run.ToString());
        var lines = run.Output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["true true", "false false"], lines[^2..]);
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task Webhook_Traceparent_CarriesTheAuditTraceId()
    {
        await using var gateway = await GatewayUnderTest.StartAsync(webhook: true);

        var admitted = await GateProbe.OfferAsync(gateway, gateway.SignedLink("app/cam1", suffix: "/whep", subject: "alice"));

        Assert.Equal(HttpStatusCode.Created, admitted.StatusCode);
        var traceparent = Assert.Single(gateway.Webhook.Openings).Headers["traceparent"];
        Assert.Matches("^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$", traceparent);
        Assert.Equal(traceparent.Split('-')[1], gateway.Decisions()[^1].GetProperty("trace_id").GetString());
    }

    [Fact]
    public async Task ReceiverPython_AsDocumented_VerifiesRealCallsAdmitsListedCamerasAndLogsClosing()
    {
        var sample = DocSample.Named("webhooks.md", "receiver-python");
        var webhooks = ReadDoc("webhooks.md");
        const string Admission = "\"admission\": {\"enabled\": true, \"url\": \"http://127.0.0.1:9000/\", \"secret\": \"env:WEBHOOK_SECRET\"}";
        Assert.Contains(Admission, webhooks, StringComparison.Ordinal);
        Assert.Contains("WEBHOOK_SECRET=… python3 receiver.py 9000", webhooks, StringComparison.Ordinal);
        var port = FreeLoopbackPort();
        var secret = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));
        var directory = Directory.CreateTempSubdirectory("securestream-receiver-").FullName;
        WriteSample(directory, "receiver.py", sample.Code);
        await using var receiver = SampleProcess.Start(
            SampleProcess.Python, ["receiver.py", port.ToString(CultureInfo.InvariantCulture)], directory, new Dictionary<string, string> { ["WEBHOOK_SECRET"] = secret });
        Assert.True(await ListensAsync(port), "the receiver did not start listening:\n" + receiver.Output);

        // The gateway reads the same variable (the doc's policy.json snippet).
        Environment.SetEnvironmentVariable("WEBHOOK_SECRET", secret);
        try
        {
            await using var site = await DefaultPolicyGateway.StartAsync(policy =>
            {
                const string Off = "\"admission\": { \"enabled\": false }";
                Assert.Contains(Off, policy, StringComparison.Ordinal);
                return policy.Replace(Off, Admission.Replace(":9000/", $":{port}/", StringComparison.Ordinal), StringComparison.Ordinal);
            });

            // Viewers one after the other, each ended (a closing call between openings): http.server
            // answers HTTP/1.0 and closes every connection, which the webhook client must not reuse.
            for (var i = 0; i < 3; i++)
            {
                var listed = await GateProbe.OfferAsync(site.Gateway, site.SignedWhepLink("demo/lobby", "alice"));
                Assert.True(listed.StatusCode == HttpStatusCode.Created, $"{listed.StatusCode}: {await listed.Content.ReadAsStringAsync()}\n{receiver.Output}");
                var location = listed.Headers.Location!.ToString();
                Assert.Equal(HttpStatusCode.OK, (await site.Gateway.Client.DeleteAsync($"http://127.0.0.1:{site.Gateway.HttpPort}{location}")).StatusCode);
            }

            var unlisted = await GateProbe.OfferAsync(site.Gateway, site.SignedWhepLink("demo/closed-camera", "alice"));
            Assert.Equal(HttpStatusCode.Forbidden, unlisted.StatusCode);
            Assert.Equal("webhook_denied", await Functional.SessionLifecycleTests.ReasonAsync(unlisted));
            var outcomes = site.Gateway.Decisions().Select(d => d.TryGetProperty("webhook_outcome", out var o) ? o.GetString() : null).ToList();
            Assert.Equal(["allowed", "allowed", "allowed", "denied"], outcomes.Where(o => o is not null).ToList());
            Assert.True(
                await GatewayUnderTest.EventuallyAsync(() => Regex.Count(receiver.Output, @"^closed \S+ \d+ ms \d+ bytes$", RegexOptions.Multiline) == 3),
                "the receiver did not log three closings:\n" + receiver.Output);
        }
        finally
        {
            Environment.SetEnvironmentVariable("WEBHOOK_SECRET", null);
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task LineHashPython_EveryLineOfARealJournal_Matches()
    {
        var sample = DocSample.Named("audit.md", "line-hash-python");
        await using var gateway = await GatewayUnderTest.StartAsync();
        await GateProbe.OfferAsync(gateway, gateway.SignedLink("app/cam1", suffix: "/whep", subject: "alice"));
        await GateProbe.OfferAsync(gateway, $"http://127.0.0.1:{gateway.HttpPort}/app/cam1/whep");
        await GateProbe.OfferAsync(gateway, gateway.SignedLink("app/cam2", suffix: "/whep", subject: "alice"));
        var directory = Directory.CreateTempSubdirectory("securestream-sample-").FullName;
        File.Copy(gateway.JournalPath, Path.Combine(directory, "audit.jsonl"));
        var lines = File.ReadAllLines(Path.Combine(directory, "audit.jsonl")).Length;
        WriteSample(directory, "check.py", sample.Code + """

            import sys
            for raw in open(sys.argv[1], "rb"):
                record = json.loads(raw)
                print(line_hash(raw, record["prev"]) == record["hash"])
            """);

        var run = await SampleProcess.RunAsync(SampleProcess.Python, ["check.py", "audit.jsonl"], directory);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.True(lines >= 3);
        Assert.Equal(Enumerable.Repeat("True", lines), run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task SeqQueries_EveryPropertyAndValueNamed_OnTheGatewaysSeqRecords()
    {
        var queries = DocSample.Read("audit.md").Where(s => s.Name == "seq-queries").ToList();
        Assert.True(queries.Count >= 5, "the Seq queries section of docs/audit.md lost its marker");
        await using var seq = await WebhookReceiver.StartAsync();
        seq.Respond = context => WebhookReceiver.WriteJsonAsync(context, 201, "{}");
        await using var gateway = await GatewayUnderTest.StartAsync(webhook: true, settings: new Dictionary<string, string?>
        {
            ["Audit:Seq:Url"] = seq.BaseUrl,
            // Refusals aggregated over one second, so the forged links below also leave an access.refusals summary.
            ["Gate:RefusalSummarySeconds"] = "1",
        });

        // Every record type the queries name: an allow (with a webhook outcome and a jti), a
        // denial and its aggregated repeat, the allowed session's end, and a policy reload.
        var admitted = await GateProbe.OfferAsync(gateway, gateway.SignedLink("app/cam1", suffix: "/whep", subject: "alice", linkId: "7f3c9a1e"));
        Assert.Equal(HttpStatusCode.Created, admitted.StatusCode);
        var forged = gateway.SignedLink("app/cam1", suffix: "/whep", subject: "alice");
        var tampered = forged[..^3] + (forged[^3..] == "AAA" ? "BBB" : "AAA");
        await GateProbe.OfferAsync(gateway, tampered);
        await GateProbe.OfferAsync(gateway, tampered);
        await gateway.Client.DeleteAsync($"http://127.0.0.1:{gateway.HttpPort}{admitted.Headers.Location}");
        gateway.WritePolicy(policy => policy["links"] = new { maxUsesPerLinkId = 0 }, webhook: true);
        Assert.True(await GatewayUnderTest.EventuallyAsync(
            () => new[] { "access.decision", "access.refusals", "session.end", "policy.reloaded" }.All(t => SeqEvents(seq).Any(e => Property(e, "EventType") == t)), 30000),
            "the gateway's Seq records did not arrive: " + string.Join(", ", SeqEvents(seq).Select(e => Property(e, "EventType")).Distinct()));
        var events = SeqEvents(seq);

        foreach (var query in queries)
        {
            var code = StringLiteral().Replace(query.Code, "''");
            var type = EventTypeFilter().Match(query.Code) is { Success: true } m ? m.Groups[1].Value : null;
            var candidates = events.Where(e => Property(e, "Stream") == "audit" && (type is null || Property(e, "EventType") == type)).ToList();
            Assert.True(candidates.Count > 0, $"{query}: no Seq record of type {type}");
            foreach (Match identifier in PropertyName().Matches(code))
            {
                var property = identifier.Value;
                Assert.True(candidates.Any(e => e.TryGetProperty(property, out _)), $"{query}: no {type ?? "audit"} record sent to Seq has the property {property}");
            }

            foreach (Match comparison in LiteralComparison().Matches(query.Code))
            {
                var (property, value) = (comparison.Groups[1].Value, comparison.Groups[2].Value);
                if (property is "Stream" or "EventType" or "Decision")
                {
                    Assert.True(events.Any(e => Property(e, property) == value), $"{query}: no Seq record has {property} = '{value}'");
                }
            }
        }
    }

    private static async Task<string> SignTokenAsync(DefaultPolicyGateway site, string name)
    {
        var sample = DocSample.Named("links.md", name);
        SampleRun run;
        if (name == "sign-token-python")
        {
            run = await RunFileAsync(SampleProcess.Python, WriteSample(site.WorkingDirectory, "sign-token.py", sample.Code), site.WorkingDirectory, []);
        }
        else
        {
            // "npm install jose in the folder of the script": the locked install of tests/Proxy.Tests/Docs/node.
            var modules = Path.Combine(RepositoryRoot.Find(), "tests", "Proxy.Tests", "Docs", "node", "node_modules");
            Assert.True(Directory.Exists(Path.Combine(modules, "jose")), $"{modules}/jose is missing: run 'npm ci --prefix tests/Proxy.Tests/Docs/node' (scripts/test.sh does)");
            Directory.CreateSymbolicLink(Path.Combine(site.WorkingDirectory, "node_modules"), modules);
            run = await RunFileAsync("node", WriteSample(site.WorkingDirectory, "sign-token.mjs", sample.Code), site.WorkingDirectory, []);
        }

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Matches(@"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$", run.LastLine);
        return run.LastLine;
    }

    /// <summary>Runs a sample file as the doc says: <c>python3 f.py</c>, <c>node f.js</c>, <c>dotnet run f.cs</c>.</summary>
    private static Task<SampleRun> RunFileAsync(
        string program, string file, string directory, string[] args, IDictionary<string, string>? environment = null, int timeoutSeconds = 300) =>
        program == "dotnet"
            ? SampleProcess.RunAsync(program, ["run", Path.GetFileName(file), "--", .. args], directory, environment, timeoutSeconds)
            : SampleProcess.RunAsync(program, [Path.GetFileName(file), .. args], directory, environment, timeoutSeconds);

    private static string WriteSample(string directory, string file, string text)
    {
        var path = Path.Combine(directory, file);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Replaces each placeholder, which must be in the sample (a doc that drops one fails here, not later).</summary>
    private static string Fill(string code, params (string Placeholder, string Value)[] values)
    {
        foreach (var (placeholder, value) in values)
        {
            Assert.Contains(placeholder, code, StringComparison.Ordinal);
            code = code.Replace(placeholder, value, StringComparison.Ordinal);
        }

        return code;
    }

    private static string ReadDoc(string doc) => File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "docs", doc));

    /// <summary>The first word of each line (<c>signed link:</c>, <c>play:</c>, …): the shape of sign's output.</summary>
    private static List<string> Prefixes(string text) =>
        [.. text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(l => l[..(l.IndexOf(':', StringComparison.Ordinal) + 1)])];

    /// <summary>The events the gateway's Seq sink posted (CLEF, one JSON object a line).</summary>
    private static List<JsonElement> SeqEvents(WebhookReceiver seq) =>
        [.. seq.Calls.SelectMany(c => c.Body.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            .Where(l => l.StartsWith('{'))
            .Select(l => JsonDocument.Parse(l).RootElement.Clone())];

    private static string? Property(JsonElement record, string name) =>
        record.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<bool> ListensAsync(int port)
    {
        for (var i = 0; i < 200; i++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return true;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        return false;
    }

    [GeneratedRegex("'[^']*'")]
    private static partial Regex StringLiteral();

    [GeneratedRegex(@"EventType = '([^']+)'")]
    private static partial Regex EventTypeFilter();

    [GeneratedRegex(@"(\w+) = '([^']*)'")]
    private static partial Regex LiteralComparison();

    /// <summary>A property name in a Seq query: a capitalised word that is not a function call (<c>Now()</c>) nor a built-in (<c>@Timestamp</c>).</summary>
    [GeneratedRegex(@"(?<![@\w])[A-Z][A-Za-z]+\b(?!\s*\()")]
    private static partial Regex PropertyName();
}
