using System.Net;
using System.Text;
using SecureStream.Proxy.Cli;
using SecureStream.Proxy.Tests.Functional.Infrastructure;

namespace SecureStream.Proxy.Tests.Functional;

/// <summary>The people-facing tools against a real gateway, and the fail-closed audit rule.</summary>
[Collection("environment")]
public sealed class ToolsAndAuditTests
{
    [Fact]
    public async Task Sign_LinkAndToken_AdmittedByGateway()
    {
        await using var gateway = await GatewayUnderTest.StartAsync();
        var output = new StringWriter();
        var error = new StringWriter();
        Environment.SetEnvironmentVariable(SignCommand.LinkKeyVariable, null);
        Environment.SetEnvironmentVariable(SignCommand.JwtKeyVariable, null);

        var exit = SignCommand.Run(
            ["--camera", "app/cam1", "--operator", "alice", "--lifetime", "10m", "--whep", "--base", $"http://127.0.0.1:{gateway.HttpPort}", "--policy", gateway.PolicyPath],
            output,
            error);

        Assert.Equal(0, exit);
        var lines = output.ToString().Split('\n');
        var link = lines.Single(l => l.StartsWith("signed link: ", StringComparison.Ordinal))["signed link: ".Length..].Trim();
        var token = lines.Single(l => l.StartsWith("token: ", StringComparison.Ordinal))["token: ".Length..].Trim();
        Assert.DoesNotContain(System.Text.Encoding.UTF8.GetString(gateway.LinkSecret.Span), output.ToString(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Created, (await gateway.Client.PostAsync(link, Offer())).StatusCode);
        var tampered = link.Replace("/app/cam1/whep?", "/app/cam2/whep?", StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await gateway.Client.PostAsync(tampered, Offer())).StatusCode);

        using var request = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{gateway.HttpPort}/app/cam1/whep") { Content = Offer() };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.Created, (await gateway.Client.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task VerifyAudit_GatewayJournal_IntactThenEditedIsReported()
    {
        string journal;
        await using (var gateway = await GatewayUnderTest.StartAsync())
        {
            await gateway.Client.PostAsync($"http://127.0.0.1:{gateway.HttpPort}/app/cam1/whep", Offer());
            await gateway.Client.PostAsync(gateway.SignedLink("app/cam1", suffix: "/whep", subject: "alice"), Offer());
            await gateway.Client.PostAsync($"http://127.0.0.1:{gateway.HttpPort}/app/cam2/whep", Offer());
            journal = Path.Combine(Path.GetTempPath(), "verify-" + Guid.NewGuid().ToString("N") + ".jsonl");
            File.Copy(gateway.JournalPath, journal);
        }

        var output = new StringWriter();
        Assert.Equal(0, VerifyAuditCommand.Run([journal], output, new StringWriter()));
        var lines = File.ReadAllLines(journal);
        Assert.Contains($"intact, {lines.Length} records", output.ToString(), StringComparison.Ordinal);

        var allow = Array.FindIndex(lines, l => l.Contains("\"decision\":\"allow\"", StringComparison.Ordinal));
        Assert.True(allow > 0);
        lines[allow] = lines[allow].Replace("\"decision\":\"allow\"", "\"decision\":\"deny\"", StringComparison.Ordinal);
        File.WriteAllLines(journal, lines);
        output = new StringWriter();
        Assert.Equal(1, VerifyAuditCommand.Run([journal], output, new StringWriter()));
        Assert.Contains($"line {allow + 1}", output.ToString(), StringComparison.Ordinal);
        File.Delete(journal);
    }

    [Fact]
    public async Task AuditJournalUnwritable_AccessDenied503()
    {
        var blocker = Path.GetTempFileName();
        await using var gateway = await GatewayUnderTest.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Audit:JournalPath"] = Path.Combine(blocker, "audit.jsonl"),
        });

        var response = await gateway.Client.PostAsync(gateway.SignedLink("app/cam1", suffix: "/whep", subject: "alice"), Offer());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("audit_unavailable", await SessionLifecycleTests.ReasonAsync(response));
        Assert.Empty(gateway.Origin.Hits);
        Assert.Empty(gateway.Sessions.All);
        File.Delete(blocker);
    }

    [Fact]
    public void CheckConfig_BrokenPolicyAndSettings_ReportsEveryProblem()
    {
        var directory = Directory.CreateTempSubdirectory("check-config-").FullName;
        var policy = Path.Combine(directory, "policy.json");
        File.WriteAllText(policy, """
            { "version": 1,
              "operators": [ { "id": "a", "cameras": [ "bad pattern" ] }, { "id": "a", "groups": [ "missing" ] } ],
              "tokens": { "keys": [ { "kid": "k", "algorithm": "none", "secret": "env:SECURESTREAM_TEST_UNSET_KEY" } ] } }
            """);
        var error = new StringWriter();

        var exit = CheckConfigCommand.Run(
            [$"--Policy:Path={policy}", "--Listeners:Http:Port=70000", "--Origin:Destinations:0=ftp://x", "--Management:AccessToken=plain-text"],
            new StringWriter(),
            error);

        Assert.Equal(1, exit);
        var text = error.ToString();
        Assert.Contains("Listeners:Http:Port", text, StringComparison.Ordinal);
        Assert.Contains("Origin:Destinations", text, StringComparison.Ordinal);
        Assert.Contains("Management:AccessToken", text, StringComparison.Ordinal);
        Assert.Contains("$.operators[0]", text, StringComparison.Ordinal);
        Assert.Contains("$.operators[1]", text, StringComparison.Ordinal);
        Assert.Contains("$.tokens", text, StringComparison.Ordinal);
        Directory.Delete(directory, recursive: true);
    }

    private static StringContent Offer() => new("v=0\r\n", Encoding.ASCII, "application/sdp");
}
