using System.Net;
using System.Text;
using SecureStream.Policy.Access;
using SecureStream.Policy.SignedUrls;

namespace SecureStream.Policy.Tests.SignedUrls;

public sealed class SignedPolicyParserTests
{
    private const long Ms = 1_780_000_000_000;

    private static SignedPolicyParseResult ParseJson(string json) =>
        SignedPolicyParser.Parse(StrictBase64Url.Encode(Encoding.UTF8.GetBytes(json)), 1024);

    [Fact]
    public void Parse_AllFields_Typed()
    {
        var result = ParseJson($$"""{"url_expire":{{Ms}},"url_activate":{{Ms - 1000}},"stream_expire":{{Ms + 1000}},"allow_ip":"10.1.2.0/24","real_ip":"2001:db8::/32","sub":"alice@site","jti":"L-1.x_y","kid":"2026-11","extra":{"ignored":[1,2,{"x":null}]} }""");

        Assert.True(result.IsValid, result.Detail);
        var claims = result.Claims!;
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(Ms), claims.UrlExpire);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(Ms - 1000), claims.UrlActivate);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(Ms + 1000), claims.StreamExpire);
        Assert.Equal(IPNetwork.Parse("10.1.2.0/24"), claims.AllowIp);
        Assert.Equal(IPNetwork.Parse("2001:db8::/32"), claims.RealIp);
        Assert.Equal("alice@site", claims.Subject);
        Assert.Equal("L-1.x_y", claims.LinkId);
        Assert.Equal("2026-11", claims.KeyId);
    }

    public static TheoryData<string, string, string> MalformedJson => new()
    {
        { "not JSON", "hello", "not valid JSON" },
        { "array", $"[{Ms}]", "not a JSON object" },
        { "string", "\"x\"", "not a JSON object" },
        { "truncated", $$"""{"url_expire":{{Ms}}""", "not valid JSON" },
        { "trailing content", $$"""{"url_expire":{{Ms}}} {}""", "not valid JSON" },
        { "trailing comma", $$"""{"url_expire":{{Ms}},}""", "not valid JSON" },
        { "comment", $$"""{"url_expire":{{Ms}} /* x */}""", "not valid JSON" },
        { "missing url_expire", $$"""{"url_activate":{{Ms}}}""", "no url_expire" },
        { "duplicate key", $$"""{"url_expire":{{Ms}},"url_expire":{{Ms + 1}}}""", "duplicate key" },
        { "duplicate key via escape", $$"""{"url_expire":{{Ms}},"url\u005fexpire":{{Ms + 1}}}""", "duplicate key" },
        { "duplicate unknown key", $$"""{"url_expire":{{Ms}},"x":1,"x":2}""", "duplicate key" },
        { "string time", $$"""{"url_expire":"{{Ms}}"}""", "not a JSON integer" },
        { "float time", $$"""{"url_expire":{{Ms}}.0}""", "not a JSON integer" },
        { "exponent time", """{"url_expire":1.78e12}""", "not a JSON integer" },
        { "integer exponent time", """{"url_expire":178E10}""", "not a JSON integer" },
        { "null time", """{"url_expire":null}""", "not a JSON integer" },
        { "bool time", """{"url_expire":true}""", "not a JSON integer" },
        { "negative time", $$"""{"url_expire":-{{Ms}}}""", "negative" },
        { "seconds instead of ms", """{"url_expire":1399721581}""", "seconds instead of milliseconds" },
        { "seconds in url_activate", $$"""{"url_expire":{{Ms}},"url_activate":1780000000}""", "seconds instead of milliseconds" },
        { "seconds in stream_expire", $$"""{"url_expire":{{Ms}},"stream_expire":1780000000}""", "seconds instead of milliseconds" },
        { "zero", """{"url_expire":0}""", "seconds instead of milliseconds" },
        { "beyond year 9999", """{"url_expire":253402300800000}""", "out of range" },
        { "beyond long", """{"url_expire":99999999999999999999999}""", "out of range" },
        { "invalid CIDR", $$"""{"url_expire":{{Ms}},"allow_ip":"10.0.0.0/33"}""", "not a valid CIDR" },
        { "CIDR not a string", $$"""{"url_expire":{{Ms}},"allow_ip":167772160}""", "not a CIDR string" },
        { "octal-looking CIDR", $$"""{"url_expire":{{Ms}},"allow_ip":"010.0.0.1"}""", "not a valid CIDR" },
        { "short IPv4", $$"""{"url_expire":{{Ms}},"allow_ip":"10.1"}""", "not a valid CIDR" },
        { "IPv6 zone", $$"""{"url_expire":{{Ms}},"real_ip":"fe80::1%eth0/64"}""", "not a valid CIDR" },
        { "IPv6 prefix too long", $$"""{"url_expire":{{Ms}},"real_ip":"2001:db8::/129"}""", "not a valid CIDR" },
        { "host name as CIDR", $$"""{"url_expire":{{Ms}},"allow_ip":"localhost"}""", "not a valid CIDR" },
        { "empty CIDR", $$"""{"url_expire":{{Ms}},"allow_ip":""}""", "not a valid CIDR" },
        { "sub with space", $$"""{"url_expire":{{Ms}},"sub":"a b"}""", "sub/jti/kid" },
        { "sub too long", $$"""{"url_expire":{{Ms}},"sub":"{{new string('a', 65)}}"}""", "sub/jti/kid" },
        { "sub empty", $$"""{"url_expire":{{Ms}},"sub":""}""", "sub/jti/kid" },
        { "jti number", $$"""{"url_expire":{{Ms}},"jti":5}""", "sub/jti/kid" },
        { "kid path-like", $$"""{"url_expire":{{Ms}},"kid":"../k1"}""", "sub/jti/kid" },
        { "sub with CRLF", $$"""{"url_expire":{{Ms}},"sub":"a\r\nb"}""", "sub/jti/kid" },
        { "too deep", $$"""{"url_expire":{{Ms}},"x":[[[[[[[[[[1]]]]]]]]]]}""", "not valid JSON" },
    };

    [Theory]
    [MemberData(nameof(MalformedJson))]
    public void Parse_HostileJson_PolicyMalformed(string because, string json, string detail)
    {
        var result = ParseJson(json);
        Assert.False(string.IsNullOrEmpty(because));
        Assert.Equal(AccessReason.PolicyMalformed, result.Reason);
        Assert.Null(result.Claims);
        Assert.Contains(detail, result.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("eyJ1cmxfZXhwaXJlIjoxNzgwMDAwMDAwMDAwfQ==")] // padded
    [InlineData("eyJ1cmxfZXhwaXJlIjoxNzgwMDAwMDAwMDAwfQ=")] // half padded
    [InlineData("eyJ1cmxfZXhwaXJlIjoxNzgwMDAwMDAwMDAwfR")] // non-canonical trailing bits
    [InlineData("eyJ1cmxf ZXhwaXJlIjoxNzgwMDAwMDAwMDAwfQ")] // white space
    [InlineData("eyJ1cmxf+XhwaXJlIjoxNzgwMDAwMDAwMDAwfQ")] // standard alphabet
    [InlineData("eyJ1cmxf/XhwaXJlIjoxNzgwMDAwMDAwMDAwfQ")] // standard alphabet
    [InlineData("eyJ1cmxfZXhwaXJlIjoxNzgwMDAwMDAwMDAwf")] // impossible length (4n+1)
    [InlineData("eyJ1cmxfZXhwaXJlIjoxNzgwMDAwMDAwMDAwfQ%3D")] // percent-encoded
    [InlineData("")]
    public void Parse_NotStrictBase64Url_PolicyMalformed(string encoded)
    {
        var result = SignedPolicyParser.Parse(encoded, 1024);
        Assert.Equal(AccessReason.PolicyMalformed, result.Reason);
    }

    [Fact]
    public void Parse_Canonical_Accepted()
    {
        // {"url_expire":1780000000000} — the canonical spelling of the strings refused above.
        Assert.True(SignedPolicyParser.Parse("eyJ1cmxfZXhwaXJlIjoxNzgwMDAwMDAwMDAwfQ", 1024).IsValid);
    }

    [Fact]
    public void Parse_OverCap_PolicyTooLargeBeforeDecoding()
    {
        // Not even base64url: the length alone decides, so no decoding work is done.
        var huge = new string('!', 2000);
        Assert.Equal(AccessReason.PolicyTooLarge, SignedPolicyParser.Parse(huge, 1024).Reason);
    }

    [Fact]
    public void Parse_ExactlyAtCap_ParsedAndOneMoreByteRefused()
    {
        var prefix = $$"""{"url_expire":{{Ms}},"pad":" """;
        var fill = 1024 - Encoding.UTF8.GetByteCount(prefix) - 2;
        var atCap = prefix + new string('x', fill) + "\"}";
        Assert.Equal(1024, Encoding.UTF8.GetByteCount(atCap));
        Assert.True(ParseJson(atCap).IsValid);

        var over = prefix + new string('x', fill + 1) + "\"}";
        Assert.Equal(AccessReason.PolicyTooLarge, SignedPolicyParser.Parse(StrictBase64Url.Encode(Encoding.UTF8.GetBytes(over)), 1024).Reason);
    }

    [Fact]
    public void ParseJson_InvalidUtf8_PolicyMalformed()
    {
        var bytes = Encoding.UTF8.GetBytes($$"""{"url_expire":{{Ms}},"sub":"ab"}""");
        bytes[^3] = 0xC3; // a lead byte without its continuation
        Assert.Equal(AccessReason.PolicyMalformed, SignedPolicyParser.ParseJson(bytes).Reason);
    }

    [Theory]
    [InlineData("10.0.0.5", "10.0.0.5/32")]
    [InlineData("10.0.0.5/24", "10.0.0.0/24")]
    [InlineData("0.0.0.0/0", "0.0.0.0/0")]
    [InlineData("2001:db8::1", "2001:db8::1/128")]
    [InlineData("2001:db8:ffff::/33", "2001:db8:8000::/33")]
    [InlineData("::ffff:10.0.0.1/128", "::ffff:10.0.0.1/128")]
    public void TryParseCidr_Valid_MaskedNetwork(string text, string expected)
    {
        Assert.True(SignedPolicyParser.TryParseCidr(text, out var network));
        Assert.Equal(IPNetwork.Parse(expected), network);
    }
}
