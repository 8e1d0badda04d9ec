using SecureStream.Proxy.Tests.Functional.Infrastructure;

namespace SecureStream.Proxy.Tests.Functional;

/// <summary>
/// Request targets that two parsers could read differently, written byte for byte on a raw socket
/// (HttpClient would normalise them), wrapped around an otherwise valid signed link.
/// </summary>
public sealed class GateAmbiguityTests(SharedGateway shared) : IClassFixture<SharedGateway>
{
    private GatewayUnderTest Gateway => shared.Gateway;

    /// <summary>(name, how to change "/app/cam1/whep?policy=…&amp;signature=…", status, reason).</summary>
    public static TheoryData<string, Func<string, string>, int, string> AmbiguousTargets => new()
    {
        { "second question mark", t => t + "?x=1", 400, "ambiguous_target" },
        { "fragment", t => t + "#frag", 400, "ambiguous_target" },
        { "semicolon in path", t => t.Replace("/cam1/", "/cam1;x=1/", StringComparison.Ordinal), 400, "ambiguous_target" },
        { "dot-dot segment", t => t.Replace("/app/cam1/", "/app/x/../cam1/", StringComparison.Ordinal), 400, "ambiguous_target" },
        { "encoded dot-dot", t => t.Replace("/app/cam1/", "/app/%2e%2e/cam1/", StringComparison.Ordinal), 400, "ambiguous_target" },
        { "encoded slash", t => t.Replace("/app/cam1/", "/app%2Fcam1/", StringComparison.Ordinal), 400, "ambiguous_target" },
        { "backslash", t => t.Replace("/app/cam1/", "/app\\cam1/", StringComparison.Ordinal), 400, "ambiguous_target" },
        { "double slash", t => t.Replace("/app/cam1/", "/app//cam1/", StringComparison.Ordinal), 400, "ambiguous_target" },
        { "leading empty segment", t => "/" + t, 400, "ambiguous_target" },
        { "encoded non-ASCII", t => t.Replace("/cam1/", "/c%D0%B0m1/", StringComparison.Ordinal), 400, "ambiguous_target" },
        { "encoded NUL in value", t => t + "&x=a%00b", 400, "control_character" },
        { "encoded CR LF in value", t => t + "&x=a%0D%0Ab", 400, "control_character" },
        { "encoded TAB in value", t => t + "&x=a%09b", 400, "control_character" },
    };

    [Theory]
    [MemberData(nameof(AmbiguousTargets))]
    public async Task AmbiguousTarget_IsRefusedBeforeOriginAndWebhook(string name, Func<string, string> change, int status, string reason)
    {
        Assert.NotEmpty(name);
        var target = change(new Uri(Gateway.SignedLink("app/cam1", suffix: "/whep", subject: "alice")).PathAndQuery);
        var before = GateProbe.Mark(Gateway);

        var (actual, body) = await GateProbe.RawAsync(Gateway, target);

        GateProbe.AssertDenied(Gateway, before, actual, body, reason, status);
    }

    public static TheoryData<string, string> RawControlCharacters => new()
    {
        { "NUL", "\0" },
        { "CR", "\r" },
        { "LF", "\n" },
        { "TAB", "\t" },
        { "raw non-ASCII look-alike", "\u0430" },
    };

    /// <summary>
    /// A raw control character (or raw non-ASCII byte) breaks the request line itself; Kestrel refuses it with 400 before
    /// the gate runs, so nothing is forwarded, no webhook is called and no decision is recorded.
    /// </summary>
    [Theory]
    [MemberData(nameof(RawControlCharacters))]
    public async Task RawControlCharacterInTarget_NeverReachesOriginOrWebhook(string name, string character)
    {
        Assert.NotEmpty(name);
        var target = new Uri(Gateway.SignedLink("app/cam1", suffix: "/whep", subject: "alice")).PathAndQuery.Replace("/cam1/", "/ca" + character + "m1/", StringComparison.Ordinal);
        var before = GateProbe.Mark(Gateway);

        var (status, _) = await GateProbe.RawAsync(Gateway, target);

        Assert.Equal(400, status);
        Assert.Equal(before.Hits, Gateway.Origin.Hits.Count);
        Assert.Equal(before.Openings, Gateway.Webhook.Openings.Count());
        Assert.DoesNotContain(Gateway.Decisions().Skip(before.Decisions), r => r.GetProperty("decision").GetString() == "allow");
    }

    [Fact]
    public async Task UnchangedRawTarget_IsAdmitted()
    {
        var target = new Uri(Gateway.SignedLink("app/cam1", suffix: "/whep", subject: "alice")).PathAndQuery;
        var before = GateProbe.Mark(Gateway);

        var (status, _) = await GateProbe.RawAsync(Gateway, target);

        Assert.Equal(201, status);
        GateProbe.AssertAdmitted(Gateway, before, "/app/cam1/whep");
    }
}
