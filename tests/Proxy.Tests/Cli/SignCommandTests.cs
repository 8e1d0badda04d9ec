using System.Net;
using System.Text;
using System.Text.Json;
using SecureStream.Proxy.Cli;
using SecureStream.Proxy.Tests.Docs;
using SecureStream.Proxy.Tests.Functional.Infrastructure;

namespace SecureStream.Proxy.Tests.Cli;

/// <summary>
/// Every URL <c>sign</c> prints is one a real gateway running the default policy.json admits:
/// the signed link, the token's "use as" URL and both player page URLs (a page is checked the way
/// docs/pages.md says it works: GET the page, then its WHEP POST with the page's query or token).
/// </summary>
[Collection("environment")]
public sealed class SignCommandTests
{
    [Fact]
    public async Task Sign_WebSocketBase_LinkTokenUrlAndPlayUrlsAdmitted()
    {
        await using var site = await DefaultPolicyGateway.StartAsync();
        var gateway = site.Gateway;

        var printed = Sign(site, "--camera", "demo/lobby", "--operator", "alice", "--lifetime", "10m", "--base", $"ws://127.0.0.1:{gateway.HttpPort}");

        Assert.StartsWith($"ws://127.0.0.1:{gateway.HttpPort}/demo/lobby?policy=", printed.Link, StringComparison.Ordinal);
        Assert.Contains("\"command\":\"offer\"", await GateProbe.WebSocketFirstFrameAsync(printed.Link), StringComparison.Ordinal);
        Assert.Equal($"ws://127.0.0.1:{gateway.HttpPort}/demo/lobby?token=<token>", printed.TokenUrl);
        Assert.Contains("\"command\":\"offer\"", await GateProbe.WebSocketFirstFrameAsync(printed.TokenUrl.Replace("<token>", printed.Token, StringComparison.Ordinal)), StringComparison.Ordinal);
        await AssertPagePlaysAsync(gateway, printed.Play, bearer: null);
        Assert.EndsWith("#token=<token>", printed.TokenPlay, StringComparison.Ordinal);
        await AssertPagePlaysAsync(gateway, printed.TokenPlay.Replace("<token>", printed.Token, StringComparison.Ordinal), printed.Token);
    }

    [Fact]
    public async Task Sign_Whep_LinkTokenUrlAndPlayUrlAdmitted()
    {
        await using var site = await DefaultPolicyGateway.StartAsync();
        var gateway = site.Gateway;

        // A ws:// base with --whep: the WHEP link is http:// (the scheme is signed).
        var printed = Sign(site, "--camera", "demo/lobby", "--operator", "alice", "--whep", "--base", $"ws://127.0.0.1:{gateway.HttpPort}");

        Assert.StartsWith($"http://127.0.0.1:{gateway.HttpPort}/demo/lobby/whep?policy=", printed.Link, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, (await GateProbe.OfferAsync(gateway, printed.Link)).StatusCode);
        Assert.Equal($"http://127.0.0.1:{gateway.HttpPort}/demo/lobby/whep?token=<token>", printed.TokenUrl);
        var byTokenUrl = await GateProbe.OfferAsync(gateway, printed.TokenUrl.Replace("<token>", printed.Token, StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Created, byTokenUrl.StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await GateProbe.OfferAsync(gateway, printed.Link[..printed.Link.IndexOf('?', StringComparison.Ordinal)], bearer: printed.Token)).StatusCode);
        await AssertPagePlaysAsync(gateway, printed.Play, bearer: null);
    }

    [Fact]
    public async Task Sign_KeyFromPolicy_KidOfTheKeyWrittenAndAdmitted()
    {
        await using var site = await DefaultPolicyGateway.StartAsync();
        Environment.SetEnvironmentVariable(SignCommand.LinkKeyVariable, null);

        var named = Sign(site, "--camera", "demo/lobby", "--whep", "--kid", "dev", "--base", $"http://127.0.0.1:{site.Gateway.HttpPort}");
        var first = Sign(site, "--camera", "demo/lobby", "--whep", "--base", $"http://127.0.0.1:{site.Gateway.HttpPort}");

        Assert.Equal("dev", PolicyOf(named.Link).GetProperty("kid").GetString());
        Assert.Equal("dev", PolicyOf(first.Link).GetProperty("kid").GetString());
        Assert.Equal(HttpStatusCode.Created, (await GateProbe.OfferAsync(site.Gateway, named.Link)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await GateProbe.OfferAsync(site.Gateway, first.Link)).StatusCode);
    }

    [Fact]
    public async Task Sign_KeyFromEnvironment_KidWrittenOnlyWhenGiven()
    {
        await using var site = await DefaultPolicyGateway.StartAsync();
        Environment.SetEnvironmentVariable(SignCommand.LinkKeyVariable, site.LinkKey);
        try
        {
            var named = Sign(site, "--camera", "demo/lobby", "--whep", "--kid", "dev", "--base", $"http://127.0.0.1:{site.Gateway.HttpPort}");
            var unnamed = Sign(site, "--camera", "demo/lobby", "--whep", "--base", $"http://127.0.0.1:{site.Gateway.HttpPort}");

            Assert.Equal("dev", PolicyOf(named.Link).GetProperty("kid").GetString());
            Assert.False(PolicyOf(unnamed.Link).TryGetProperty("kid", out _));
            Assert.Equal(HttpStatusCode.Created, (await GateProbe.OfferAsync(site.Gateway, named.Link)).StatusCode);
            Assert.Equal(HttpStatusCode.Created, (await GateProbe.OfferAsync(site.Gateway, unnamed.Link)).StatusCode);
        }
        finally
        {
            Environment.SetEnvironmentVariable(SignCommand.LinkKeyVariable, null);
        }
    }

    [Fact]
    public void Sign_UnknownKid_SaysWhichKeyIsMissing()
    {
        var (directory, _, _) = DefaultPolicyGateway.WriteWorkingDirectory();
        var error = new StringWriter();

        var exit = SignCommand.Run(["--camera", "demo/lobby", "--kid", "nope", "--policy", Path.Combine(directory, "policy.json")], new StringWriter(), error);

        Assert.Equal(1, exit);
        Assert.Contains("no signed-link key 'nope'", error.ToString(), StringComparison.Ordinal);
        Directory.Delete(directory, recursive: true);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("help")]
    [InlineData("sign --help")]
    [InlineData("sign -h")]
    [InlineData("sign --camera demo/lobby --help")]
    [InlineData("run --help")]
    [InlineData("check-config --help")]
    [InlineData("verify-audit -h")]
    public async Task Help_AnyForm_PrintsUsageAndDoesNotStartGateway(string commandLine)
    {
        var output = new StringWriter();
        var started = false;

        var exit = await GatewayCommandLine.RunAsync(commandLine.Split(' '), output, new StringWriter(), _ =>
        {
            started = true;
            return Task.FromResult(99);
        });

        Assert.Equal(0, exit);
        Assert.False(started);
        Assert.Contains("usage: SecureStream.Proxy", output.ToString(), StringComparison.Ordinal);
        Assert.Contains(" sign --camera app/stream", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoVerb_StartsGateway()
    {
        string[]? given = null;

        var exit = await GatewayCommandLine.RunAsync(["--Listeners:Http:Port=8080"], new StringWriter(), new StringWriter(), args =>
        {
            given = args;
            return Task.FromResult(7);
        });

        Assert.Equal(7, exit);
        Assert.Equal(["--Listeners:Http:Port=8080"], given!);
    }

    /// <summary>What the player page does: it is served, then its WHEP POST carries the page's query, or the token as Bearer.</summary>
    internal static async Task AssertPagePlaysAsync(GatewayUnderTest gateway, string pageUrl, string? bearer)
    {
        var page = new Uri(pageUrl);
        Assert.StartsWith("/play/", page.AbsolutePath, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await gateway.Client.GetAsync(page.GetLeftPart(UriPartial.Query))).StatusCode);
        var whep = $"{page.GetLeftPart(UriPartial.Authority)}{page.AbsolutePath["/play".Length..]}/whep{page.Query}";
        Assert.Equal(HttpStatusCode.Created, (await GateProbe.OfferAsync(gateway, whep, bearer: bearer)).StatusCode);
    }

    private static JsonElement PolicyOf(string link)
    {
        var query = new Uri(link).Query.TrimStart('?').Split('&');
        var encoded = query.Single(p => p.StartsWith("policy=", StringComparison.Ordinal))["policy=".Length..];
        var padded = encoded.Replace('-', '+').Replace('_', '/') + new string('=', (4 - (encoded.Length % 4)) % 4);
        return JsonDocument.Parse(Convert.FromBase64String(padded)).RootElement.Clone();
    }

    private static Printed Sign(DefaultPolicyGateway site, params string[] args)
    {
        Environment.SetEnvironmentVariable(SignCommand.JwtKeyVariable, null);
        var output = new StringWriter();
        var error = new StringWriter();

        var exit = SignCommand.Run([.. args, "--policy", site.PolicyPath], output, error);

        Assert.True(exit == 0, error.ToString());
        var text = output.ToString();
        Assert.DoesNotContain(site.LinkKey, text, StringComparison.Ordinal);
        Assert.DoesNotContain(site.JwtKey, text, StringComparison.Ordinal);
        return Printed.Parse(text);
    }

    /// <summary>The lines <c>sign</c> prints (docs/links.md, "The sign command").</summary>
    internal sealed record Printed(string Link, string Play, string Token, string TokenUrl, string TokenPlay)
    {
        public static Printed Parse(string output)
        {
            var lines = output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            string After(string prefix) => lines.FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal))?[prefix.Length..].Trim() ?? string.Empty;
            var useAs = After("use as:");
            return new Printed(
                After("signed link:"),
                After("play:"),
                After("token:"),
                useAs.Contains("   or   ", StringComparison.Ordinal) ? useAs[(useAs.LastIndexOf("   or   ", StringComparison.Ordinal) + 8)..] : string.Empty,
                lines.Where(l => l.StartsWith("play:", StringComparison.Ordinal)).Skip(1).Select(l => l["play:".Length..].Trim()).FirstOrDefault() ?? string.Empty);
        }
    }
}
