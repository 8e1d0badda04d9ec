using SecureStream.Policy.Access;
using SecureStream.Policy.Forwarding;
using SecureStream.Policy.PolicyFile;

namespace SecureStream.Policy.Tests.Forwarding;

/// <summary>A viewer's parameters may add to the camera URL the registry fixed, never override it.</summary>
public sealed class ForwardingRulesConflictTests
{
    private static readonly CameraPath Cam1 = new("app", "cam1");

    private static QueryPair Pair(string name, string value) => new(name, Uri.EscapeDataString(value), value);

    private static ForwardingRules Rules(string? onConflict = "refuse", IEnumerable<string>? linkParams = null)
    {
        var errors = new List<string>();
        Assert.True(ForwardingRules.TryCreate(new ForwardingSettings { OnConflict = onConflict }, "$.forwarding", errors, out var rules, linkParams), string.Join("\n", errors));
        return rules!;
    }

    private static IReadOnlySet<string> CameraNames(string url) => ForwardQueryNames.Of(url);

    public static TheoryData<string, string> ConflictingNames => new()
    {
        { "same name", "channel" },
        { "upper case", "CHANNEL" },
        { "mixed case", "Channel" },
        { "second fixed name", "subtype" },
    };

    [Theory]
    [MemberData(nameof(ConflictingNames))]
    public void Build_NameTheCameraUrlHas_RefusedByDefault(string name, string forwarded)
    {
        var fixedNames = CameraNames("rtsp://nvr.example:554/cam/realmonitor?channel=1&subtype=0");

        var result = Rules().Build([Pair("quality", "hd"), Pair(forwarded, "7")], Cam1, fixedNames);

        Assert.Equal(AccessReason.ForwardParamConflict, result.Reason);
        Assert.Equal(string.Empty, result.Query);
        Assert.False(result.IsAllowed, name);
    }

    [Fact]
    public void Build_NameTheCameraUrlHas_DroppedWhenConfigured()
    {
        var fixedNames = CameraNames("rtsp://nvr.example:554/cam/realmonitor?channel=1&subtype=0");

        var result = Rules("drop").Build([Pair("Channel", "7"), Pair("quality", "hd"), Pair("subtype", "1")], Cam1, fixedNames);

        Assert.Equal(AccessReason.Allowed, result.Reason);
        Assert.Equal("quality=hd", result.Query);
    }

    [Fact]
    public void Build_PercentEncodedNameInCameraUrl_StillConflicts()
    {
        var fixedNames = CameraNames("rtsp://nvr.example:554/live?%63hannel=1");

        Assert.Equal(AccessReason.ForwardParamConflict, Rules().Build([Pair("channel", "7")], Cam1, fixedNames).Reason);
    }

    [Fact]
    public void Build_NoFixedNames_Forwarded()
    {
        var result = Rules().Build([Pair("channel", "7")], Cam1, CameraNames("rtsp://cam.example/live"));

        Assert.Equal(AccessReason.Allowed, result.Reason);
        Assert.Equal("channel=7", result.Query);
    }

    [Fact]
    public void Build_TwoNamesDifferingInCase_Refused()
    {
        var result = Rules().Build([Pair("Channel", "1"), Pair("channel", "7")], Cam1);

        Assert.Equal(AccessReason.ForwardParamConflict, result.Reason);
    }

    [Fact]
    public void Build_AnyOrder_SameCanonicalQuery()
    {
        var rules = Rules();

        var first = rules.Build([Pair("quality", "hd"), Pair("b", "2"), Pair("A", "1")], Cam1);
        var second = rules.Build([Pair("A", "1"), Pair("quality", "hd"), Pair("b", "2")], Cam1);

        Assert.Equal("A=1&b=2&quality=hd", first.Query);
        Assert.Equal(first.Query, second.Query);
    }

    [Theory]
    [InlineData("p")]
    [InlineData("P")]
    [InlineData("sig")]
    [InlineData("SIG")]
    public void Build_CustomLinkParamNames_NeverForwarded(string name)
    {
        var rules = Rules(linkParams: ["p", "sig"]);

        var result = rules.Build([Pair("quality", "hd"), Pair(name, "secret")], Cam1);

        Assert.Equal("quality=hd", result.Query);
        Assert.Contains("p", rules.CredentialParams);
        Assert.Contains("sig", rules.CredentialParams);
    }

    [Fact]
    public void Load_PolicyWithCustomLinkParamNames_TheyAreNeverForwarded()
    {
        var json = """{"version":1,"signedUrls":{"policyParam":"pol","signatureParam":"sig"}}"""u8;

        var result = PolicyFileLoader.Load(json, TimeProvider.System);

        Assert.True(result.Snapshot is not null, string.Join("\n", result.Errors));
        var forwarded = result.Snapshot.Forwarding.Build([Pair("pol", "x"), Pair("sig", "y"), Pair("quality", "hd")], Cam1);
        Assert.Equal("quality=hd", forwarded.Query);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Refuse")]
    [InlineData("ignore")]
    [InlineData("")]
    public void TryCreate_UnknownConflictMode_ErrorNamesKeyAndFix(string? mode)
    {
        var errors = new List<string>();

        Assert.False(ForwardingRules.TryCreate(new ForwardingSettings { OnConflict = mode }, "$.forwarding", errors, out _));

        var error = Assert.Single(errors);
        Assert.StartsWith("$.forwarding.onConflict:", error, StringComparison.Ordinal);
        Assert.Contains("\"refuse\"", error, StringComparison.Ordinal);
        Assert.Contains("\"drop\"", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Conflicts_ForwardedQueryAgainstCameraUrls_CaseInsensitive()
    {
        var fixedNames = ForwardQueryNames.Of(["rtsp://a/live?Channel=1", "rtsp://b/live?subtype=0"]);

        Assert.True(ForwardQueryNames.Conflicts("channel=7", fixedNames));
        Assert.True(ForwardQueryNames.Conflicts("quality=hd&SUBTYPE=1", fixedNames));
        Assert.False(ForwardQueryNames.Conflicts("quality=hd", fixedNames));
        Assert.False(ForwardQueryNames.Conflicts(string.Empty, fixedNames));
    }
}
