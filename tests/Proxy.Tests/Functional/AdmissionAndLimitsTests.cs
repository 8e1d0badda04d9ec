using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SecureStream.Proxy.Tests.Functional.Infrastructure;

namespace SecureStream.Proxy.Tests.Functional;

/// <summary>Webhook redirects and signatures, link reuse, rate limits, and what reaches logs.</summary>
public sealed class AdmissionAndLimitsTests
{
    private const string WebhookSecret = "webhook-secret-for-tests-0123456789";

    [Fact]
    public async Task WebhookNewUrl_ToEntitledRegisteredCameraTheTokenCovers_ForwardsThatCamera()
    {
        await using var gateway = await GatewayUnderTest.StartAsync(webhook: true);
        gateway.Webhook.Respond = context => WebhookReceiver.WriteJsonAsync(
            context, 200, $"{{\"allowed\":true,\"new_url\":\"http://127.0.0.1:{gateway.HttpPort}/app/lobby-2\"}}");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{gateway.HttpPort}/app/cam1/whep") { Content = Offer() };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", TestTokens.Issue(gateway, "alice", ["app/cam1", "app/lobby-*"]));

        var response = await gateway.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var hit = Assert.Single(gateway.Origin.Hits);
        Assert.Equal("/app/lobby-2/whep", hit.Path);
        Assert.True(hit.TicketAccepted);
    }

    [Theory]
    [InlineData("http://evil.example:80/app/cam1", "other host")]
    [InlineData("http://127.0.0.1:{port}/app/cam2", "camera alice may not open")]
    [InlineData("http://127.0.0.1:{port}/app/unknown", "unregistered camera")]
    public async Task WebhookNewUrl_Refused_403AndNothingForwarded(string newUrl, string why)
    {
        await using var gateway = await GatewayUnderTest.StartAsync(webhook: true);
        var target = newUrl.Replace("{port}", gateway.HttpPort.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        gateway.Webhook.Respond = context => WebhookReceiver.WriteJsonAsync(context, 200, $"{{\"allowed\":true,\"new_url\":\"{target}\"}}");

        var response = await gateway.Client.PostAsync(gateway.SignedLink("app/cam1", suffix: "/whep", subject: "alice"), Offer());

        Assert.True(response.StatusCode == HttpStatusCode.Forbidden, why);
        Assert.Equal("webhook_redirect_refused", await SessionLifecycleTests.ReasonAsync(response));
        Assert.Empty(gateway.Origin.Hits);
    }

    [Fact]
    public async Task Webhook_BothSignaturesVerifyAtReceiver()
    {
        await using var gateway = await GatewayUnderTest.StartAsync(webhook: true);

        await gateway.Client.PostAsync(gateway.SignedLink("app/cam1", suffix: "/whep", subject: "alice"), Offer());

        var call = Assert.Single(gateway.Webhook.Openings);
        var body = Encoding.UTF8.GetBytes(call.Body);
#pragma warning disable CA5350 // OME's signature is HMAC-SHA1 by definition; the test recomputes it.
        var ome = System.Buffers.Text.Base64Url.EncodeToString(HMACSHA1.HashData(Encoding.UTF8.GetBytes(WebhookSecret), body));
#pragma warning restore CA5350
        Assert.Equal(ome, call.Headers["X-OME-Signature"]);
        var parts = call.Headers["X-SecureStream-Signature"].Split(',').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        var signed = Encoding.UTF8.GetBytes(parts["t"] + ".").Concat(body).ToArray();
        Assert.Equal(Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(WebhookSecret), signed)), parts["v1"]);
        var request = JsonDocument.Parse(call.Body).RootElement.GetProperty("request");
        Assert.Equal("opening", request.GetProperty("status").GetString());
        Assert.Equal("WebRTC", request.GetProperty("protocol").GetString());
        Assert.StartsWith($"http://127.0.0.1:{gateway.HttpPort}/app/cam1/whep?policy=", request.GetProperty("url").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SingleUseLink_SecondUse_LinkReused()
    {
        await using var gateway = await GatewayUnderTest.StartAsync(sections => sections["links"] = new { maxUsesPerLinkId = 1 });
        var link = gateway.SignedLink("app/cam1", suffix: "/whep", subject: "alice", linkId: "once-1");

        var first = await gateway.Client.PostAsync(link, Offer());
        var second = await gateway.Client.PostAsync(link, Offer());

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, second.StatusCode);
        Assert.Equal("link_reused", await SessionLifecycleTests.ReasonAsync(second));
        Assert.Single(gateway.Origin.Hits);
        var decisions = gateway.Decisions();
        var denial = decisions[^1];
        Assert.Contains("once-1", denial.GetProperty("credential_id").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RateLimit_FloodFromOneClient_429AndAudited()
    {
        await using var gateway = await GatewayUnderTest.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Gate:RequestsPerSecond"] = "1",
            ["Gate:Burst"] = "2",
        });

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++)
        {
            statuses.Add((await gateway.Client.PostAsync($"http://127.0.0.1:{gateway.HttpPort}/app/cam1/whep", Offer())).StatusCode);
        }

        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.Equal(
            statuses.Count(s => s == HttpStatusCode.TooManyRequests),
            gateway.Decisions().Count(d => d.GetProperty("reason").GetString() == "rate_limited"));
        Assert.Empty(gateway.Origin.Hits);
    }

    [Fact]
    public async Task Secrets_NeverReachSeqOrJournal()
    {
        await using var seq = await WebhookReceiver.StartAsync();
        seq.Respond = context => WebhookReceiver.WriteJsonAsync(context, 201, "{}");
        await using var gateway = await GatewayUnderTest.StartAsync(webhook: true, settings: new Dictionary<string, string?>
        {
            ["Audit:Seq:Url"] = seq.BaseUrl,
        });
        var good = gateway.SignedLink("app/cam1", suffix: "/whep", subject: "alice");
        var signature = good[(good.IndexOf("signature=", StringComparison.Ordinal) + "signature=".Length)..];
        var policy = good[(good.IndexOf("policy=", StringComparison.Ordinal) + "policy=".Length)..good.IndexOf("&signature", StringComparison.Ordinal)];
        await gateway.Client.PostAsync(good, Offer());
        await gateway.Client.PostAsync(good.Replace("signature=", "signature=A", StringComparison.Ordinal), Offer());
        using var bearer = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{gateway.HttpPort}/app/cam1/whep") { Content = Offer() };
        const string fakeToken = "eyJhbGciOiJIUzI1NiIsImtpZCI6ImhzLTEifQ.eyJzdWIiOiJtYWxsb3J5In0.c2VjcmV0LXNpZ25hdHVyZS1tYXJrZXI";
        bearer.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", fakeToken);
        await gateway.Client.SendAsync(bearer);

        Assert.True(await GatewayUnderTest.EventuallyAsync(
            () => seq.Calls.Any(c => c.Body.Contains("access.decision", StringComparison.Ordinal)), 20000));
        var everything = string.Join("\n", seq.Calls.Select(c => c.Body)) + File.ReadAllText(gateway.JournalPath);
        Assert.Contains("Audit {EventType} {Decision} {Reason}", everything, StringComparison.Ordinal);
        foreach (var secret in new[] { Encoding.UTF8.GetString(gateway.LinkSecret.Span), Encoding.UTF8.GetString(gateway.JwtSecret.Span), WebhookSecret, signature, policy, fakeToken, "c2VjcmV0LXNpZ25hdHVyZS1tYXJrZXI" })
        {
            Assert.DoesNotContain(secret, everything, StringComparison.Ordinal);
        }
    }

    private static StringContent Offer() => new("v=0\r\n", Encoding.ASCII, "application/sdp");
}
