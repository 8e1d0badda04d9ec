using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using SecureStream.Proxy.Management;

namespace SecureStream.Proxy.Tests.Management;

public sealed class ManagementAuthenticationTests
{
    private const string AccessToken = "access-token-0123456789";
    private const string AliceToken = "alice-token-0123456789";
    private const string ScrapeToken = "scrape-token-0123456789";

    static ManagementAuthenticationTests()
    {
        // Secrets are referenced, never inline: each token lives in a variable of its own.
        foreach (var (name, value) in new[] { ("ACCESS", AccessToken), ("ALICE", AliceToken), ("SCRAPE", ScrapeToken), ("OTHER", "other-token-0123456789"), ("SHORT", "short") })
        {
            Environment.SetEnvironmentVariable("MGMT_AUTH_TEST_" + name, value);
        }
    }

    private static ManagementOptions Options() => new()
    {
        AccessToken = Secret("ACCESS"),
        Administrators = [new ManagementAdministrator { Name = "alice", AccessToken = Secret("ALICE") }],
        MetricsToken = Secret("SCRAPE"),
    };

    private static string Secret(string name) => "env:MGMT_AUTH_TEST_" + name;

    [Theory]
    [InlineData(AccessToken, "management")]
    [InlineData(AliceToken, "alice")]
    public void AdministratorOf_EachToken_NamesItsAdministrator(string token, string expected)
    {
        var auth = new ManagementAuthentication(Microsoft.Extensions.Options.Options.Create(Options()));

        Assert.Equal(expected, auth.AdministratorOf(Request("Basic " + Base64(token))));
    }

    [Theory]
    [InlineData("Basic ")]
    [InlineData("Basic not base64!")]
    [InlineData("Bearer " + AliceToken)]
    [InlineData("Basic c2NyYXBlLXRva2VuLTAxMjM0NTY3ODk=")] // the scrape token: never an administrator
    [InlineData("")]
    public void AdministratorOf_AnythingElse_IsNobody(string header)
    {
        var auth = new ManagementAuthentication(Microsoft.Extensions.Options.Options.Create(Options()));

        Assert.Null(auth.AdministratorOf(Request(header)));
    }

    [Fact]
    public void MetricsToken_OnlyAsBearer()
    {
        var auth = new ManagementAuthentication(Microsoft.Extensions.Options.Options.Create(Options()));

        Assert.True(auth.CarriesMetricsToken(Request("Bearer " + ScrapeToken)));
        Assert.False(auth.CarriesMetricsToken(Request("Bearer " + ScrapeToken + "x")));
        Assert.False(auth.CarriesMetricsToken(Request("Basic " + Base64(ScrapeToken))));
        Assert.False(auth.CarriesMetricsToken(Request("Bearer " + AccessToken)));
    }

    [Fact]
    public void NoMetricsToken_NoBearerOpensAnything()
    {
        var options = Options();
        options.MetricsToken = null;
        var auth = new ManagementAuthentication(Microsoft.Extensions.Options.Options.Create(options));

        Assert.False(auth.CarriesMetricsToken(Request("Bearer ")));
        Assert.False(auth.CarriesMetricsToken(Request("Bearer " + ScrapeToken)));
    }

    [Fact]
    public void UnvalidatedSettings_ShortTokenOpensNothing_SharedScrapeTokenIsNoScrapeToken()
    {
        // The standalone origin starts without validating these settings: what the validator
        // would refuse must open nothing there.
        var options = Options();
        options.Administrators.Add(new ManagementAdministrator { Name = "bob", AccessToken = Secret("SHORT") });
        options.MetricsToken = Secret("ALICE");
        var auth = new ManagementAuthentication(Microsoft.Extensions.Options.Options.Create(options));

        Assert.Null(auth.AdministratorOf(Request("Basic " + Base64("short"))));
        Assert.False(auth.CarriesMetricsToken(Request("Bearer " + AliceToken)));
        Assert.Equal("alice", auth.AdministratorOf(Request("Basic " + Base64(AliceToken))));
    }

    [Fact]
    public void Validator_AcceptsDistinctTokensAndPlainNames()
    {
        Assert.True(new ManagementOptionsValidator().Validate(null, Options()).Succeeded);
    }

    public static TheoryData<string, Action<ManagementOptions>, string> Refusals => new()
    {
        { "name taken by the access token", o => o.Administrators[0].Name = "management", "is taken" },
        { "duplicate name", o => o.Administrators.Add(new() { Name = "Alice", AccessToken = Secret("OTHER") }), "is taken" },
        { "name with a space", o => o.Administrators[0].Name = "alice smith", "Name" },
        { "empty name", o => o.Administrators[0].Name = "", "Name" },
        { "missing token", o => o.Administrators[0].AccessToken = "", "required" },
        { "short token", o => o.Administrators[0].AccessToken = Secret("SHORT"), "shorter than 16 bytes" },
        { "scrape token equals an administrator's", o => o.MetricsToken = Secret("ALICE"), "the same token" },
        { "two administrators share a token", o => o.Administrators.Add(new() { Name = "bob", AccessToken = Secret("ACCESS") }), "the same token" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void Validator_Refuses(string why, Action<ManagementOptions> change, string expected)
    {
        var options = Options();
        change(options);

        var result = new ManagementOptionsValidator().Validate(null, options);

        Assert.True(result.Failed, why);
        Assert.Contains(expected, result.FailureMessage, StringComparison.Ordinal);
    }

    private static HttpRequest Request(string authorization)
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.Authorization = authorization;
        return context.Request;
    }

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
}
