using SecureStream.Policy.Access;
using SecureStream.Proxy.RequestShape;

namespace SecureStream.Proxy.Tests.RequestShape;

public sealed class RequestTargetParserTests
{
    private const string Signed = "policy=eyJ1cmxfZXhwaXJlIjoxMzk5NzIxNTgxfQ&signature=dvVdBpoxAeCPl94Kt5RoiqLI0YE";
    private const string ResourceId = "AbCdEfGhIjKlMnOpQrStUv";

    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal) { "policy", "signature", "token" };

    public static TheoryData<string, string, string, AccessReason> Refusals => new()
    {
        // docs/security.md, ambiguous requests
        { "second question mark", "GET", "/app/cam1?" + Signed + "?x=1", AccessReason.AmbiguousTarget },
        { "question mark inside value", "GET", "/app/cam1?a=b?c", AccessReason.AmbiguousTarget },
        { "fragment", "GET", "/app/cam1#frag", AccessReason.AmbiguousTarget },
        { "fragment in query", "GET", "/app/cam1?a=1#x", AccessReason.AmbiguousTarget },
        { "semicolon path parameter", "GET", "/app/cam1;jsessionid=1", AccessReason.AmbiguousTarget },
        { "semicolon in segment", "GET", "/app;x/cam1", AccessReason.AmbiguousTarget },
        { "dot dot segment", "GET", "/app/../other/cam1", AccessReason.AmbiguousTarget },
        { "trailing dot dot", "GET", "/app/cam1/..", AccessReason.AmbiguousTarget },
        { "dot segment", "GET", "/app/./cam1", AccessReason.AmbiguousTarget },
        { "encoded dot dot", "GET", "/app/%2e%2e/cam1", AccessReason.AmbiguousTarget },
        { "encoded upper dot dot", "GET", "/app/%2E%2E/cam1", AccessReason.AmbiguousTarget },
        { "encoded slash", "GET", "/app%2Fcam1", AccessReason.AmbiguousTarget },
        { "encoded lower slash", "GET", "/app/cam1%2f", AccessReason.AmbiguousTarget },
        { "encoded letter", "GET", "/%61pp/cam1", AccessReason.AmbiguousTarget },
        { "lone percent in path", "GET", "/app/cam%", AccessReason.AmbiguousTarget },
        { "backslash", "GET", "/app\\cam1", AccessReason.AmbiguousTarget },
        { "backslash dot dot", "GET", "/app/..\\cam1", AccessReason.AmbiguousTarget },
        { "double slash", "GET", "/app//cam1", AccessReason.AmbiguousTarget },
        { "leading double slash", "GET", "//app/cam1", AccessReason.AmbiguousTarget },
        { "trailing slash", "GET", "/app/cam1/", AccessReason.AmbiguousTarget },
        { "trailing slash on whep", "POST", "/app/cam1/whep/", AccessReason.AmbiguousTarget },
        { "cyrillic a look-alike", "GET", "/\u0430pp/cam1", AccessReason.AmbiguousTarget },
        { "fullwidth solidus", "GET", "/app\uFF0Fcam1", AccessReason.AmbiguousTarget },
        { "latin1 byte", "GET", "/app/cam\u00E9", AccessReason.AmbiguousTarget },
        { "non-ascii in query", "GET", "/app/cam1?q=\u00E9", AccessReason.AmbiguousTarget },
        { "NUL in path", "GET", "/app/cam1\0", AccessReason.ControlCharacter },
        { "CR LF in path", "GET", "/app/cam1\r\nX-Injected: 1", AccessReason.ControlCharacter },
        { "LF in query", "GET", "/app/cam1?a=1\nb", AccessReason.ControlCharacter },
        { "TAB in path", "GET", "/app/\tcam1", AccessReason.ControlCharacter },
        { "DEL in path", "GET", "/app/cam1\u007F", AccessReason.ControlCharacter },
        { "escape in query", "GET", "/app/cam1?a=\u001B[31m", AccessReason.ControlCharacter },
        { "control wins over non-ascii", "GET", "/\u0430pp/cam1\0", AccessReason.ControlCharacter },
        { "encoded NUL in value", "GET", "/app/cam1?a=%00", AccessReason.ControlCharacter },
        { "encoded CR LF in value", "GET", "/app/cam1?a=x%0D%0AHost:%20evil", AccessReason.ControlCharacter },
        { "encoded TAB in value", "GET", "/app/cam1?a=%09", AccessReason.ControlCharacter },
        { "encoded DEL in value", "GET", "/app/cam1?a=%7F", AccessReason.ControlCharacter },
        { "encoded C1 control in value", "GET", "/app/cam1?a=%C2%85", AccessReason.ControlCharacter },
        { "overlong UTF-8 dot", "GET", "/app/cam1?a=%C0%AE", AccessReason.AmbiguousTarget },
        { "truncated UTF-8", "GET", "/app/cam1?a=%E2%82", AccessReason.AmbiguousTarget },
        { "encoded surrogate", "GET", "/app/cam1?a=%ED%A0%80", AccessReason.AmbiguousTarget },

        // docs/security.md, reserved parameters twice, in other letter cases, or percent-encoded
        { "signature twice", "GET", "/app/cam1?" + Signed + "&signature=x", AccessReason.DuplicateParameter },
        { "policy twice", "GET", "/app/cam1?policy=a&policy=a", AccessReason.DuplicateParameter },
        { "ordinary name twice", "GET", "/app/cam1?quality=1&quality=2", AccessReason.DuplicateParameter },
        { "signature title case", "GET", "/app/cam1?policy=a&Signature=b", AccessReason.AmbiguousTarget },
        { "policy upper case", "GET", "/app/cam1?POLICY=a&signature=b", AccessReason.AmbiguousTarget },
        { "signature and variant", "GET", "/app/cam1?" + Signed + "&SIGNATURE=x", AccessReason.AmbiguousTarget },
        { "token mixed case", "GET", "/app/cam1?ToKeN=a", AccessReason.AmbiguousTarget },
        { "direction variant", "POST", "/app/cam1?Direction=whep", AccessReason.AmbiguousTarget },
        { "percent-encoded signature name", "GET", "/app/cam1?policy=a&%73ignature=b", AccessReason.AmbiguousTarget },
        { "percent-encoded name", "GET", "/app/cam1?%70olicy=a", AccessReason.AmbiguousTarget },

        // docs/security.md, oversized
        { "target over 4 KB", "GET", "/app/cam1?a=" + new string('x', 4096), AccessReason.TargetTooLong },
        { "value over limit", "GET", "/app/cam1?a=" + new string('x', 2049), AccessReason.TargetTooLong },
        { "hundreds of parameters", "GET", "/app/cam1?" + string.Join("&", Enumerable.Range(0, 300).Select(i => $"p{i}=1")), AccessReason.TooManyParameters },
        { "33 parameters", "GET", "/app/cam1?" + string.Join("&", Enumerable.Range(0, 33).Select(i => $"p{i}=1")), AccessReason.TooManyParameters },

        // Query grammar
        { "empty query", "GET", "/app/cam1?", AccessReason.MalformedTarget },
        { "double ampersand", "GET", "/app/cam1?a=1&&b=2", AccessReason.MalformedTarget },
        { "leading ampersand", "GET", "/app/cam1?&a=1", AccessReason.MalformedTarget },
        { "trailing ampersand", "GET", "/app/cam1?a=1&", AccessReason.MalformedTarget },
        { "empty name", "GET", "/app/cam1?=1", AccessReason.MalformedTarget },
        { "name with bracket", "GET", "/app/cam1?a[]=1", AccessReason.MalformedTarget },
        { "name with plus", "GET", "/app/cam1?a+b=1", AccessReason.MalformedTarget },
        { "name over 64", "GET", "/app/cam1?" + new string('n', 65) + "=1", AccessReason.MalformedTarget },
        { "lone percent in value", "GET", "/app/cam1?a=50%", AccessReason.MalformedTarget },
        { "percent one digit", "GET", "/app/cam1?a=%4", AccessReason.MalformedTarget },
        { "percent bad hex", "GET", "/app/cam1?a=%zz", AccessReason.MalformedTarget },
        { "percent half hex", "GET", "/app/cam1?a=%4g", AccessReason.MalformedTarget },
        { "raw space in value", "GET", "/app/cam1?a=b c", AccessReason.MalformedTarget },

        // Names (CameraPath.IsSafeName)
        { "colon in stream", "GET", "/app/cam:1", AccessReason.InvalidName },
        { "at in app", "GET", "/us@app/cam1", AccessReason.InvalidName },
        { "space in stream", "GET", "/app/cam 1", AccessReason.InvalidName },
        { "leading dot name", "GET", "/app/.hidden", AccessReason.InvalidName },
        { "tilde", "GET", "/app/~cam", AccessReason.InvalidName },
        { "name over 128", "GET", "/app/" + new string('c', 129), AccessReason.InvalidName },
        { "resource id too short", "PATCH", "/app/cam1/whep/" + new string('a', 21), AccessReason.InvalidName },
        { "resource id too long", "DELETE", "/app/cam1/whep/" + new string('a', 65), AccessReason.InvalidName },
        { "resource id with dot", "DELETE", "/app/cam1/whep/AbCdEfGhIjKlMnOpQrStU.", AccessReason.InvalidName },
        { "resource id with plus", "PATCH", "/app/cam1/whep/AbCdEfGhIjKlMnOpQrStU+", AccessReason.InvalidName },

        // Not a signalling route (404)
        { "root", "GET", "/", AccessReason.MalformedTarget },
        { "empty target", "GET", "", AccessReason.MalformedTarget },
        { "asterisk form", "OPTIONS", "*", AccessReason.MalformedTarget },
        { "absolute form", "GET", "http:/host/app/cam1", AccessReason.MalformedTarget },
        { "one segment", "GET", "/app", AccessReason.MalformedTarget },
        { "five segments", "DELETE", "/app/cam1/whep/" + ResourceId + "/x", AccessReason.MalformedTarget },
        { "third segment not whep", "POST", "/app/cam1/offer", AccessReason.MalformedTarget },
        { "upper case whep", "POST", "/app/cam1/WHEP", AccessReason.MalformedTarget },
        { "POST without whep", "POST", "/app/cam1", AccessReason.MalformedTarget },
        { "GET on whep", "GET", "/app/cam1/whep", AccessReason.MalformedTarget },
        { "GET with direction", "GET", "/app/cam1?direction=whep", AccessReason.MalformedTarget },
        { "PUT on resource", "PUT", "/app/cam1/whep/" + ResourceId, AccessReason.MalformedTarget },
        { "PATCH on offer endpoint", "PATCH", "/app/cam1/whep", AccessReason.MalformedTarget },
        { "lower case method", "get", "/app/cam1", AccessReason.MalformedTarget },
        { "direction not whep", "POST", "/app/cam1?direction=whip", AccessReason.MalformedTarget },
        { "direction empty", "POST", "/app/cam1?direction=", AccessReason.MalformedTarget },
        { "direction not whep on whep path", "POST", "/app/cam1/whep?direction=send", AccessReason.MalformedTarget },
        { "direction twice", "POST", "/app/cam1?direction=whep&direction=whep", AccessReason.DuplicateParameter },

        // The snapshot route: GET /app/stream/snapshot.jpg exactly
        { "POST on snapshot", "POST", "/app/cam1/snapshot.jpg", AccessReason.MalformedTarget },
        { "OPTIONS on snapshot", "OPTIONS", "/app/cam1/snapshot.jpg", AccessReason.MalformedTarget },
        { "HEAD on snapshot", "HEAD", "/app/cam1/snapshot.jpg", AccessReason.MalformedTarget },
        { "upper case snapshot", "GET", "/app/cam1/SNAPSHOT.JPG", AccessReason.MalformedTarget },
        { "snapshot png", "GET", "/app/cam1/snapshot.png", AccessReason.MalformedTarget },
        { "OME thumbnail name", "GET", "/app/cam1/thumb.jpg", AccessReason.MalformedTarget },
        { "snapshot as fourth segment", "GET", "/app/cam1/whep/snapshot.jpg", AccessReason.InvalidName },
        { "segment after snapshot", "GET", "/app/cam1/snapshot.jpg/x", AccessReason.MalformedTarget },
        { "snapshot with direction", "GET", "/app/cam1/snapshot.jpg?direction=whep", AccessReason.MalformedTarget },
        { "encoded snapshot dot", "GET", "/app/cam1/snapshot%2Ejpg", AccessReason.AmbiguousTarget },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void Parse_HostileTarget_Refused(string name, string method, string target, AccessReason expected)
    {
        var result = RequestTargetParser.Parse(target, method, RequestShapeLimits.Default, Reserved);

        Assert.False(result.IsAllowed, name);
        Assert.Null(result.Target);
        Assert.Equal(expected, result.Reason);
        Assert.False(string.IsNullOrEmpty(result.Detail));
    }

    public static TheoryData<string, string, string, string, string?> Accepted => new()
    {
        { "websocket", "GET", "/app/cam1", nameof(SignallingKind.WebSocket), null },
        { "websocket signed", "GET", "/app/cam1?" + Signed, nameof(SignallingKind.WebSocket), null },
        { "websocket transport", "GET", "/app/cam1?transport=tcp&" + Signed, nameof(SignallingKind.WebSocket), null },
        { "whep offer", "POST", "/app/cam1/whep", nameof(SignallingKind.WhepOffer), null },
        { "whep offer signed", "POST", "/app/cam1/whep?" + Signed, nameof(SignallingKind.WhepOffer), null },
        { "whep offer direction form", "POST", "/app/cam1?direction=whep", nameof(SignallingKind.WhepOffer), null },
        { "whep offer direction last", "POST", "/app/cam1?" + Signed + "&direction=whep", nameof(SignallingKind.WhepOffer), null },
        { "whep offer encoded direction", "POST", "/app/cam1?direction=%77hep", nameof(SignallingKind.WhepOffer), null },
        { "whep offer redundant direction", "POST", "/app/cam1/whep?direction=whep", nameof(SignallingKind.WhepOffer), null },
        { "whep patch", "PATCH", "/app/cam1/whep/" + ResourceId, nameof(SignallingKind.WhepResource), ResourceId },
        { "whep delete 64", "DELETE", "/app/cam1/whep/" + new string('-', 32) + new string('_', 32), nameof(SignallingKind.WhepResource), new string('-', 32) + new string('_', 32) },
        { "whep options", "OPTIONS", "/app/cam1/whep", nameof(SignallingKind.WhepOptions), null },
        { "whep options direction form", "OPTIONS", "/app/cam1?direction=whep", nameof(SignallingKind.WhepOptions), null },
        { "whep options resource", "OPTIONS", "/app/cam1/whep/" + ResourceId, nameof(SignallingKind.WhepOptions), ResourceId },
        { "snapshot", "GET", "/app/cam1/snapshot.jpg", nameof(SignallingKind.Snapshot), null },
        { "snapshot signed", "GET", "/app/cam1/snapshot.jpg?" + Signed, nameof(SignallingKind.Snapshot), null },
        { "safe alphabet names", "GET", "/live.east_1/Cam-01.main", nameof(SignallingKind.WebSocket), null },
        { "longest safe name", "GET", "/app/" + new string('c', 128), nameof(SignallingKind.WebSocket), null },
    };

    [Theory]
    [MemberData(nameof(Accepted))]
    public void Parse_SignallingRoute_Accepted(string name, string method, string target, string kind, string? resourceId)
    {
        var result = RequestTargetParser.Parse(target, method, RequestShapeLimits.Default, Reserved);

        Assert.True(result.IsAllowed, $"{name}: {result.Reason} {result.Detail}");
        Assert.Equal(kind, result.Target.Kind.ToString());
        Assert.Equal(resourceId, result.Target.ResourceId);
        var question = target.IndexOf('?', StringComparison.Ordinal);
        Assert.Equal(question < 0 ? target : target[..question], result.Target.RawPath);
        Assert.Equal(result.Target.RawPath.Split('/')[1], result.Target.Camera.App);
        Assert.Equal(result.Target.RawPath.Split('/')[2], result.Target.Camera.Stream);
    }

    [Fact]
    public void Parse_SignedQuery_KeepsPairsRawAndInOrder()
    {
        var result = RequestTargetParser.Parse("/app/stream?transport=tcp&" + Signed, "GET", RequestShapeLimits.Default, Reserved);

        Assert.True(result.IsAllowed);
        Assert.Equal(new CameraPath("app", "stream"), result.Target.Camera);
        Assert.Equal(["transport", "policy", "signature"], result.Target.Query.Select(p => p.Name));
        Assert.Equal("policy=eyJ1cmxfZXhwaXJlIjoxMzk5NzIxNTgxfQ", result.Target.Query[1].Raw);
        Assert.Equal("dvVdBpoxAeCPl94Kt5RoiqLI0YE", result.Target.Query[2].Value);
    }

    public static TheoryData<string, string, string, string> EncodedValues => new()
    {
        { "percent-encoded space", "a%20b", "a b", "q=a%20b" },
        { "plus stays plus", "a+b", "a+b", "q=a+b" },
        { "encoded plus", "a%2Bb", "a+b", "q=a%2Bb" },
        { "lower hex", "%c3%a9", "\u00E9", "q=%c3%a9" },
        { "encoded percent", "100%25", "100%", "q=100%25" },
        { "encoded at colon slash", "%40%3A%2F", "@:/", "q=%40%3A%2F" },
        { "raw at colon slash", "u@h:1/p", "u@h:1/p", "q=u@h:1/p" },
        { "equals in value", "a=b", "a=b", "q=a=b" },
        { "empty value", "", "", "q=" },
        { "emoji", "%F0%9F%8E%A5", "\U0001F3A5", "q=%F0%9F%8E%A5" },
    };

    [Theory]
    [MemberData(nameof(EncodedValues))]
    public void Parse_EncodedValue_DecodedAndRawKept(string name, string rawValue, string decoded, string raw)
    {
        var result = RequestTargetParser.Parse("/app/cam1?q=" + rawValue, "GET", RequestShapeLimits.Default, Reserved);

        Assert.True(result.IsAllowed, $"{name}: {result.Reason} {result.Detail}");
        var pair = Assert.Single(result.Target.Query);
        Assert.Equal("q", pair.RawName);
        Assert.Equal(rawValue, pair.RawValue);
        Assert.Equal(decoded, pair.Value);
        Assert.Equal(raw, pair.Raw);
    }

    [Fact]
    public void Parse_PairWithoutEquals_RawIsNameAlone()
    {
        var result = RequestTargetParser.Parse("/app/cam1?flag&a=1", "GET", RequestShapeLimits.Default, Reserved);

        Assert.True(result.IsAllowed);
        Assert.Equal("flag", result.Target.Query[0].Raw);
        Assert.Equal(string.Empty, result.Target.Query[0].Value);
        Assert.Equal("flag&a=1", string.Join("&", result.Target.Query.Select(p => p.Raw)));
    }

    [Fact]
    public void Parse_CaseVariantOfOrdinaryName_Accepted()
    {
        // Only reserved names are case-sensitive traps; other names are distinct parameters.
        var result = RequestTargetParser.Parse("/app/cam1?quality=1&Quality=2", "GET", RequestShapeLimits.Default, Reserved);

        Assert.True(result.IsAllowed);
        Assert.Equal(2, result.Target.Query.Count);
    }

    [Fact]
    public void Parse_ConfiguredReservedName_CaseVariantRefused()
    {
        var reserved = new HashSet<string>(StringComparer.Ordinal) { "policy", "signature", "token", "jwt" };

        var result = RequestTargetParser.Parse("/app/cam1?JWT=x", "GET", RequestShapeLimits.Default, reserved);

        Assert.Equal(AccessReason.AmbiguousTarget, result.Reason);
    }

    [Fact]
    public void Parse_AtExactLimits_Accepted()
    {
        var limits = new RequestShapeLimits { MaxTargetLength = 64, MaxParameters = 2, MaxValueLength = 8 };
        const string Query = "?a=12345678&b=1";
        var target = "/app/cam" + new string('x', 64 - "/app/cam".Length - Query.Length) + Query;

        var result = RequestTargetParser.Parse(target, "GET", limits, Reserved);

        Assert.True(result.IsAllowed, $"{result.Reason} {result.Detail}");
        Assert.Equal(AccessReason.TargetTooLong, RequestTargetParser.Parse(target.Replace("cam", "camx", StringComparison.Ordinal), "GET", limits, Reserved).Reason);
        Assert.Equal(AccessReason.TooManyParameters, RequestTargetParser.Parse("/app/cam1?a=1&b=2&c=3", "GET", limits, Reserved).Reason);
        Assert.Equal(AccessReason.TargetTooLong, RequestTargetParser.Parse("/app/cam1?a=123456789", "GET", limits, Reserved).Reason);
    }

    [Fact]
    public void Parse_NullInputs_RefusedWithoutThrowing()
    {
        Assert.Equal(AccessReason.MalformedTarget, RequestTargetParser.Parse(null!, "GET", RequestShapeLimits.Default, Reserved).Reason);
        Assert.Equal(AccessReason.MalformedTarget, RequestTargetParser.Parse("/app/cam1", null!, RequestShapeLimits.Default, Reserved).Reason);
    }
}
