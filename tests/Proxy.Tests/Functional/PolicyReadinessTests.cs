using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using SecureStream.Proxy.Cli;
using SecureStream.Proxy.Tests.Docs;
using SecureStream.Proxy.Tests.Functional.Infrastructure;

namespace SecureStream.Proxy.Tests.Functional;

/// <summary>
/// A policy that cannot take effect is loud: the webhook guide's first step (admission on, secret
/// <c>env:…</c>) on a gateway whose environment lacks the variable. check-config names the
/// variable before the file is moved into place; the rejected reload makes <c>/readyz</c> answer
/// 503 with a reason code, <c>GET /v1/policy</c> lists the problem, and fixing the file makes the
/// gateway ready again — with the webhook then really called. The guide's commands run as written.
/// </summary>
public sealed class PolicyReadinessTests
{
    /// <summary>
    /// The webhook guide's first steps, with its commands as written (docs/webhooks.md, samples
    /// <c>webhook-check-config</c>, <c>webhook-readyz</c>, <c>webhook-policy-status</c>): only the
    /// management port and the candidate file's folder are filled in.
    /// </summary>
    [Fact]
    public async Task FirstSteps_AsDocumented_WebhookSecretVariableMissing_NotReadyAndListedUntilTheFileIsFixed()
    {
        // Never set in this process: the gateway's environment lacks it, as in the issue.
        var variable = "SS_TEST_WEBHOOK_SECRET_" + Guid.NewGuid().ToString("N").ToUpperInvariant();
        Assert.Null(Environment.GetEnvironmentVariable(variable));
        await using var gateway = await GatewayUnderTest.StartAsync();
        // The operator's working directory, with the management token where the guide reads it.
        var work = Directory.CreateTempSubdirectory("securestream-first-steps-").FullName;
        Directory.CreateDirectory(Path.Combine(work, "data", "dev-secrets"));
        await File.WriteAllTextAsync(Path.Combine(work, "data", "dev-secrets", "management-token"), gateway.ManagementToken);
        var readyz = Documented("webhook-readyz", gateway);
        var policyStatus = Documented("webhook-policy-status", gateway);
        Assert.Equal((HttpStatusCode.OK, "ready"), await ReadinessAsync(gateway));
        Assert.Equal("ready", (await RunShellAsync(readyz, work)).Output.Trim());
        var candidate = Path.Combine(Path.GetDirectoryName(gateway.PolicyPath)!, "policy.new.json");
        gateway.WritePolicy(p => p["admission"] = new { enabled = true, url = gateway.Webhook.Url, secret = "env:" + variable }, webhook: false, candidate);

        // Step 2: check the edited copy before it replaces policy.json.
        var words = DocSample.Named("webhooks.md", "webhook-check-config").Code.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
        var args = words[(Array.IndexOf(words, "check-config") + 1)..];
        var pathAt = Array.IndexOf(args, "--Policy:Path=policy.new.json");
        Assert.True(pathAt >= 0, "the documented check-config does not check policy.new.json");
        args[pathAt] = "--Policy:Path=" + candidate;
        var checkErrors = new StringWriter();
        Assert.Equal(1, CheckConfigCommand.Run(args, new StringWriter(), checkErrors));
        Assert.Contains($"$.admission.secret: environment variable {variable} is not set; set it in the gateway's environment", checkErrors.ToString(), StringComparison.Ordinal);

        // Step 3 anyway: the reload is rejected and the old policy (no webhook) stays.
        File.Move(candidate, gateway.PolicyPath, overwrite: true);
        var (_, body) = await WaitForReadinessAsync(gateway, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("not ready: policy_reload_rejected", body);
        Assert.Equal(body, (await RunShellAsync(readyz, work)).Output.Trim());
        // Unauthenticated: reason codes only, nothing of the file or the environment.
        Assert.DoesNotContain(variable, body, StringComparison.Ordinal);

        // What the probe reports: viewers are still admitted with no webhook call.
        using (var offer = await gateway.Client.PostAsync(gateway.SignedLink("app/cam1", suffix: "/whep", subject: "alice"), Offer()))
        {
            Assert.Equal(HttpStatusCode.Created, offer.StatusCode);
        }

        Assert.Empty(gateway.Webhook.Calls);

        var (status, policyText) = await PolicyStatusAsync(gateway);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(policyText, (await RunShellAsync(policyStatus, work)).Output.TrimEnd('\n'));
        var policy = JsonDocument.Parse(policyText).RootElement;
        Assert.Equal(200, policy.GetProperty("statusCode").GetInt32());
        var response = policy.GetProperty("response");
        Assert.False(response.GetProperty("ready").GetBoolean());
        Assert.Equal(["policy_reload_rejected"], response.GetProperty("problems").EnumerateArray().Select(p => p.GetString()));
        Assert.False(response.GetProperty("admissionEnabled").GetBoolean());
        Assert.Equal("changed", response.GetProperty("fileState").GetString());
        Assert.NotEqual(response.GetProperty("contentHash").GetString(), response.GetProperty("fileContentHash").GetString());
        var lastReload = response.GetProperty("lastReload");
        Assert.False(lastReload.GetProperty("succeeded").GetBoolean());
        Assert.Equal(JsonValueKind.Null, lastReload.GetProperty("contentHash").ValueKind);
        var error = Assert.Single(lastReload.GetProperty("errors").EnumerateArray()).GetString();
        Assert.StartsWith($"$.admission.secret: environment variable {variable} is not set;", error, StringComparison.Ordinal);
        Assert.Equal(1, lastReload.GetProperty("errorCount").GetInt32());
        AssertNoSecret(gateway, policyText);

        // The details are for the token holder only.
        using (var anonymous = await gateway.Client.GetAsync(new Uri($"http://127.0.0.1:{gateway.ManagementPort}/v1/policy")))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            var text = await anonymous.Content.ReadAsStringAsync();
            AssertNoSecret(gateway, text);
            Assert.DoesNotContain(variable, text, StringComparison.Ordinal);
        }

        // Fixed as the message says (file: instead of an unset variable): ready again, webhook on.
        gateway.WritePolicy(null, webhook: true);
        (_, body) = await WaitForReadinessAsync(gateway, HttpStatusCode.OK);
        Assert.Equal("ready", body);
        Assert.Equal("ready", (await RunShellAsync(readyz, work)).Output.Trim());
        (_, policyText) = await PolicyStatusAsync(gateway);
        response = JsonDocument.Parse(policyText).RootElement.GetProperty("response");
        Assert.True(response.GetProperty("ready").GetBoolean());
        Assert.Empty(response.GetProperty("problems").EnumerateArray());
        Assert.True(response.GetProperty("admissionEnabled").GetBoolean());
        Assert.Equal("in_effect", response.GetProperty("fileState").GetString());
        Assert.True(response.GetProperty("lastReload").GetProperty("succeeded").GetBoolean());
        Assert.Equal(response.GetProperty("contentHash").GetString(), response.GetProperty("lastReload").GetProperty("contentHash").GetString());
        using (var offer = await gateway.Client.PostAsync(gateway.SignedLink("app/cam1", suffix: "/whep", subject: "alice"), Offer()))
        {
            Assert.Equal(HttpStatusCode.Created, offer.StatusCode);
        }

        Assert.Single(gateway.Webhook.Openings);
        Directory.Delete(work, recursive: true);
    }

    [Fact]
    public async Task Readiness_NoReloadYet_ReadyAndHealthUnchanged()
    {
        await using var gateway = await GatewayUnderTest.StartAsync();

        using var health = await gateway.Client.GetAsync(new Uri($"http://127.0.0.1:{gateway.ManagementPort}/healthz"));
        var (policyStatus, policyText) = await PolicyStatusAsync(gateway);

        Assert.Equal((HttpStatusCode.OK, "ready"), await ReadinessAsync(gateway));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, policyStatus);
        var response = JsonDocument.Parse(policyText).RootElement.GetProperty("response");
        Assert.True(response.GetProperty("ready").GetBoolean());
        Assert.Equal("in_effect", response.GetProperty("fileState").GetString());
        Assert.Equal(JsonValueKind.Null, response.GetProperty("lastReload").ValueKind);
        Assert.Equal(gateway.PolicyPath, response.GetProperty("path").GetString());
    }

    private static StringContent Offer() => new("v=0\r\n", Encoding.ASCII, "application/sdp");

    /// <summary>A shell sample of docs/webhooks.md as written, pointed at this gateway's management port instead of the default 8081.</summary>
    private static string Documented(string name, GatewayUnderTest gateway)
    {
        var code = DocSample.Named("webhooks.md", name).Code;
        Assert.Contains("127.0.0.1:8081", code, StringComparison.Ordinal);
        return code.Replace("127.0.0.1:8081", $"127.0.0.1:{gateway.ManagementPort}", StringComparison.Ordinal);
    }

    private static async Task<SampleRun> RunShellAsync(string code, string workingDirectory)
    {
        var run = await SampleProcess.RunAsync("sh", ["-c", code], workingDirectory);
        Assert.True(run.ExitCode == 0, run.ToString());
        return run;
    }

    private static void AssertNoSecret(GatewayUnderTest gateway, string text)
    {
        foreach (var secret in new[] { gateway.LinkSecret, gateway.JwtSecret })
        {
            Assert.DoesNotContain(Encoding.UTF8.GetString(secret.Span), text, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(gateway.ManagementToken, text, StringComparison.Ordinal);
        Assert.DoesNotContain(File.ReadAllText(Path.Combine(Path.GetDirectoryName(gateway.PolicyPath)!, "webhook-key")), text, StringComparison.Ordinal);
    }

    private static async Task<(HttpStatusCode Status, string Body)> ReadinessAsync(GatewayUnderTest gateway)
    {
        using var response = await gateway.Client.GetAsync(new Uri($"http://127.0.0.1:{gateway.ManagementPort}/readyz"));
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Polls /readyz until it answers <paramref name="expected"/> (the file watcher reloads in the background); fails after 15 s.</summary>
    private static async Task<(HttpStatusCode Status, string Body)> WaitForReadinessAsync(GatewayUnderTest gateway, HttpStatusCode expected)
    {
        var deadline = Environment.TickCount64 + 15_000;
        var last = await ReadinessAsync(gateway);
        while (last.Status != expected && Environment.TickCount64 < deadline)
        {
            await Task.Delay(50);
            last = await ReadinessAsync(gateway);
        }

        Assert.Equal(expected, last.Status);
        return last;
    }

    private static async Task<(HttpStatusCode Status, string Body)> PolicyStatusAsync(GatewayUnderTest gateway)
    {
        using var response = await gateway.SendManagementAsync(HttpMethod.Get, "/v1/policy");
        Assert.Equal(new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" }, response.Content.Headers.ContentType);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
