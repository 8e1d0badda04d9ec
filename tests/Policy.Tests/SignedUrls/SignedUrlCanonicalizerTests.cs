using SecureStream.Policy.Access;
using SecureStream.Policy.Secrets;
using SecureStream.Policy.SignedUrls;

namespace SecureStream.Policy.Tests.SignedUrls;

public sealed class SignedUrlCanonicalizerTests
{
    private static List<QueryPair> Q(string query) => SignedUrlTestKit.SplitQuery(query);

    [Fact]
    public void ComputeSignature_LinksDocVector_MatchesByteForByte()
    {
        // docs/links.md test vector.
        var signed = SignedUrlCanonicalizer.BuildSignedString(
            "ws", "192.168.0.100:3333", 3333, "/app/stream",
            Q("policy=eyJ1cmxfZXhwaXJlIjoxMzk5NzIxNTgxfQ&signature=dvVdBpoxAeCPl94Kt5RoiqLI0YE"), "signature");

        Assert.Equal("ws://192.168.0.100:3333/app/stream?policy=eyJ1cmxfZXhwaXJlIjoxMzk5NzIxNTgxfQ", signed);
        Assert.Equal("dvVdBpoxAeCPl94Kt5RoiqLI0YE",
            SignedUrlSigner.ComputeSignature(signed, SecretValue.FromText("1kU^b6"), SignedUrlAlgorithm.HmacSha1));
    }

    public static TheoryData<string, string, int, string, string> Cases => new()
    {
        { "port inserted when the Host header has none", "cams.example.com", 443, "a=1&signature=x", "wss://cams.example.com:443/app/cam1?a=1" },
        { "port kept as sent", "cams.example.com:8443", 443, "a=1", "wss://cams.example.com:8443/app/cam1?a=1" },
        { "host casing kept as sent", "Cams.Example.COM:8443", 443, "a=1", "wss://Cams.Example.COM:8443/app/cam1?a=1" },
        { "IPv6 keeps brackets, port inserted", "[2001:db8::1]", 3333, "a=1", "wss://[2001:db8::1]:3333/app/cam1?a=1" },
        { "IPv6 with port", "[2001:db8::1]:3334", 3333, "a=1", "wss://[2001:db8::1]:3334/app/cam1?a=1" },
        { "signature removed case-insensitively, order kept", "h:1", 1, "b=2&SIGNATURE=x&a=1&Signature=y&c", "wss://h:1/app/cam1?b=2&a=1&c" },
        { "raw values not decoded", "h:1", 1, "x=%41%2f&policy=abc", "wss://h:1/app/cam1?x=%41%2f&policy=abc" },
        { "no question mark when nothing remains", "h:1", 1, "signature=x", "wss://h:1/app/cam1" },
        { "empty query", "h:1", 1, "", "wss://h:1/app/cam1" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void BuildSignedString_Cases_AsOme(string because, string host, int localPort, string query, string expected)
    {
        Assert.False(string.IsNullOrEmpty(because));
        Assert.Equal(expected, SignedUrlCanonicalizer.BuildSignedString("wss", host, localPort, "/app/cam1", Q(query), "signature"));
    }

    [Theory]
    [InlineData("cams.example.com", true, "cams.example.com")]
    [InlineData("CAMS.example.com:443", true, "cams.example.com")]
    [InlineData("[::1]:80", true, "[::1]")]
    [InlineData("", false, "")]
    [InlineData("cams.example.com:", false, "")]
    [InlineData("cams.example.com:0", false, "")]
    [InlineData("cams.example.com:65536", false, "")]
    [InlineData("cams.example.com:44x", false, "")]
    [InlineData("user@cams.example.com", false, "")]
    [InlineData("cams..example.com", false, "")]
    [InlineData("[::1", false, "")]
    [InlineData("[::1]x", false, "")]
    [InlineData("[fe80::1%eth0]", false, "")]
    [InlineData("c\u0430ms.example.com", false, "")]
    public void TrySplitHost_Shapes_StrictHostPart(string header, bool ok, string host)
    {
        Assert.Equal(ok, SignedUrlCanonicalizer.TrySplitHost(header, out var parsed));
        Assert.Equal(host, ok ? parsed : string.Empty);
    }
}
