using SecureStream.Policy.Access;
using SecureStream.Policy.Forwarding;

namespace SecureStream.Policy.Tests.Forwarding;

public sealed class ForwardingRulesBuildTests
{
    private static readonly CameraPath Cam1 = new("app", "cam1");

    private static QueryPair Pair(string name, string value) => new(name, Uri.EscapeDataString(value), value);

    private static ForwardingRules Rules(ForwardingSettings settings)
    {
        var errors = new List<string>();
        Assert.True(ForwardingRules.TryCreate(settings, "$.forwarding", errors, out var rules), string.Join("\n", errors));
        return rules!;
    }

    public static TheoryData<string> DroppedNames => new()
    {
        "policy", "Policy", "POLICY", "pOlIcY",
        "signature", "Signature", "SIGNATURE",
        "token", "Token", "TOKEN",
        "direction", "Direction", "DIRECTION",
        "transport", "Transport", "TRANSPORT",
        "peer_id", "PEER_ID", "session", "Session", "user", "USER", "username", "UserName",
        "password", "Password", "PASSWORD", "pass", "Pass", "pwd", "PWD", "auth", "Auth", "authorization", "Authorization",
    };

    [Theory]
    [MemberData(nameof(DroppedNames))]
    public void Build_CredentialOrReservedName_DroppedInEveryCase(string name)
    {
        var result = ForwardingRules.Default.Build([Pair("quality", "hd"), Pair(name, "secret"), Pair("channel", "2")], Cam1);

        Assert.Equal(AccessReason.Allowed, result.Reason);
        Assert.Equal("channel=2&quality=hd", result.Query);
    }

    public static TheoryData<string, string, string> HostileValues => new()
    {
        { "at sign (userinfo)", "x@evil.example", "q=x%40evil.example" },
        { "colon (port)", "evil:554", "q=evil%3A554" },
        { "slash (path)", "../../other", "q=..%2F..%2Fother" },
        { "question mark", "a?b=c", "q=a%3Fb%3Dc" },
        { "hash", "a#frag", "q=a%23frag" },
        { "backslash", "a\\b", "q=a%5Cb" },
        { "percent (from %25)", "100%", "q=100%25" },
        { "ampersand and equals", "a&user=admin", "q=a%26user%3Dadmin" },
        { "space", "a b", "q=a%20b" },
        { "plus", "a+b", "q=a%2Bb" },
        { "unreserved kept", "Az09-._~", "q=Az09-._~" },
        { "e acute", "caf\u00E9", "q=caf%C3%A9" },
        { "cjk", "\u6444\u50CF", "q=%E6%91%84%E5%83%8F" },
        { "emoji", "\U0001F3A5", "q=%F0%9F%8E%A5" },
        { "empty", "", "q=" },
    };

    [Theory]
    [MemberData(nameof(HostileValues))]
    public void Build_Value_ReEncoded(string name, string value, string expected)
    {
        var result = ForwardingRules.Default.Build([Pair("q", value)], Cam1);

        Assert.True(result.IsAllowed, name);
        Assert.Equal(expected, result.Query);
    }

    public static TheoryData<string, string> ControlValues => new()
    {
        { "CR LF header injection", "x\r\nCSeq: 1" },
        { "LF", "a\nb" },
        { "CR", "a\rb" },
        { "NUL", "a\0b" },
        { "TAB", "a\tb" },
        { "ESC", "\u001B[2J" },
        { "DEL", "a\u007Fb" },
        { "C1 NEL", "a\u0085b" },
    };

    [Theory]
    [MemberData(nameof(ControlValues))]
    public void Build_ControlCharacterInValue_Refused(string name, string value)
    {
        var result = ForwardingRules.Default.Build([Pair("quality", "hd"), Pair("q", value)], Cam1);

        Assert.Equal(AccessReason.ControlCharacter, result.Reason);
        Assert.Equal(string.Empty, result.Query);
        Assert.False(result.IsAllowed, name);
    }

    [Fact]
    public void Build_ControlCharacterInDroppedCredential_StillRefused()
    {
        var result = ForwardingRules.Default.Build([Pair("token", "a\r\nb")], Cam1);

        Assert.Equal(AccessReason.ControlCharacter, result.Reason);
    }

    [Fact]
    public void Build_NothingPasses_EmptyQuery()
    {
        var result = ForwardingRules.Default.Build([Pair("policy", "p"), Pair("signature", "s")], Cam1);

        Assert.Equal(new ForwardResult(AccessReason.Allowed, string.Empty), result);
        Assert.Equal(new ForwardResult(AccessReason.Allowed, string.Empty), ForwardingRules.Default.Build([], Cam1));
    }

    [Fact]
    public void Build_PairWithoutEquals_ForwardedWithoutEquals()
    {
        var flag = new QueryPair("flag", string.Empty, string.Empty) { Raw = "flag" };

        var result = ForwardingRules.Default.Build([flag, Pair("a", "")], Cam1);

        Assert.Equal("a=&flag", result.Query);
    }

    [Fact]
    public void Build_UsesDecodedValue_NotRaw()
    {
        var pair = new QueryPair("q", "%2F%40", "/@");

        Assert.Equal("q=%2F%40", ForwardingRules.Default.Build([pair], Cam1).Query);
        Assert.Equal("q=%2B", ForwardingRules.Default.Build([new QueryPair("q", "+", "+")], Cam1).Query);
    }

    public static TheoryData<string, string, string> AllowListCases => new()
    {
        { "matching camera keeps only allowed (ordinal)", "cam1", "channel=2&quality=hd" },
        { "matching camera glob", "cam99", "channel=2&quality=hd" },
        { "first match wins", "cam-lobby", "extra=x" },
    };

    [Fact]
    public void Build_UnmatchedCamera_PassesAllNonReservedInCanonicalOrder()
    {
        var result = ForwardingRules.Default.Build([Pair("quality", "hd"), Pair("token", "t"), Pair("channel", "2"), Pair("extra", "x")], new CameraPath("app", "door"));

        Assert.Equal("channel=2&extra=x&quality=hd", result.Query);
    }

    [Fact]
    public void Build_UnmatchedCameraWithCaseVariantNames_Refused()
    {
        var result = ForwardingRules.Default.Build([Pair("quality", "hd"), Pair("Quality", "sd")], new CameraPath("app", "door"));

        Assert.Equal(AccessReason.ForwardParamConflict, result.Reason);
    }

    [Theory]
    [MemberData(nameof(AllowListCases))]
    public void Build_AllowList_FirstMatchingEntryWins(string name, string stream, string expected)
    {
        var rules = Rules(new ForwardingSettings
        {
            Cameras =
            [
                new ForwardingCameraSettings { Pattern = "app/cam-lobby", Allow = ["extra"] },
                new ForwardingCameraSettings { Pattern = "app/cam*", Allow = ["quality", "channel"] },
                new ForwardingCameraSettings { Pattern = "*/cam-lobby", Allow = ["quality"] },
            ],
        });

        var result = rules.Build(
            [Pair("quality", "hd"), Pair("token", "t"), Pair("channel", "2"), Pair("extra", "x"), Pair("Quality", "sd")],
            new CameraPath("app", stream));

        Assert.True(result.IsAllowed, name);
        Assert.Equal(expected, result.Query);
    }

    [Fact]
    public void Build_EmptyAllowList_ForwardsNothing()
    {
        var rules = Rules(new ForwardingSettings { Cameras = [new ForwardingCameraSettings { Pattern = "*/*", Allow = [] }] });

        Assert.Equal(string.Empty, rules.Build([Pair("quality", "hd")], Cam1).Query);
    }

    [Fact]
    public void Build_ConfiguredExtraNames_DroppedAlongsideDefaults()
    {
        var rules = Rules(new ForwardingSettings { CredentialParams = ["jwt"], ReservedParams = ["rtsp_url"] });

        var result = rules.Build([Pair("JWT", "x"), Pair("Rtsp_Url", "y"), Pair("signature", "s"), Pair("transport", "tcp"), Pair("q", "1")], Cam1);

        Assert.Equal("q=1", result.Query);
    }

    [Fact]
    public void Build_MalformedPairs_RefusedWithoutThrowing()
    {
        Assert.Equal(AccessReason.MalformedTarget, ForwardingRules.Default.Build([default], Cam1).Reason);
        Assert.Equal(AccessReason.MalformedTarget, ForwardingRules.Default.Build(null!, Cam1).Reason);
        Assert.Equal(AccessReason.MalformedTarget, ForwardingRules.Default.Build([new QueryPair("q", "x", "\uD800")], Cam1).Reason);
    }
}
