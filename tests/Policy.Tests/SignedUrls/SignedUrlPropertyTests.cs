using System.Text;
using CsCheck;
using SecureStream.Policy.Access;
using SecureStream.Policy.SignedUrls;
using static SecureStream.Policy.Tests.SignedUrls.SignedUrlTestKit;

namespace SecureStream.Policy.Tests.SignedUrls;

public sealed class SignedUrlPropertyTests
{
    private static readonly SignedUrlKeyRing KeyRing = DefaultRing();

    private static readonly Gen<string> Name = Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789-_"], 1, 12];

    private static readonly Gen<string> ExtraQuery =
        Gen.Select(Name, Gen.String[Gen.Char["abcXYZ019-._~%2F"], 0, 10]).Select((n, v) => n + "=" + v).Array[0, 3]
            .Select(pairs => string.Join('&', pairs.Where(p => !p.StartsWith("policy", StringComparison.OrdinalIgnoreCase)
                && !p.StartsWith("signature", StringComparison.OrdinalIgnoreCase))));

    [Fact]
    public void SignThenValidate_AnyLink_RoundTrips()
    {
        Gen.Select(Name, Name, ExtraQuery, Gen.Long[0, 400_000_000_000], Gen.Int[1, 65535], Gen.Bool)
            .Sample((app, stream, extra, expiresMs, port, sha256) =>
            {
                var baseUrl = $"wss://cams.example.com:{port}/{app}/{stream}" + (extra.Length > 0 ? "?" + extra : string.Empty);
                var algorithm = sha256 ? SignedUrlAlgorithm.HmacSha256 : SignedUrlAlgorithm.HmacSha1;
                var ring = sha256 ? Sha256Ring : KeyRing;
                var link = Link(new SignedPolicyClaims(Now.AddMilliseconds(expiresMs)) { LinkId = stream }, baseUrl, algorithm: algorithm);
                var result = Validator().Validate(Input(link), ring);
                Assert.True(result.IsAllowed, $"{result.Reason} {result.Detail}");
                Assert.Equal(stream, result.Claims!.LinkId);
            }, iter: 300);
    }

    private static readonly SignedUrlKeyRing Sha256Ring = SignedUrlTestKit.Ring(VHost("d", ["*"], Key("s", algorithm: "HMAC-SHA256")));

    [Fact]
    public void Validate_AnySingleByteChangeOfQuery_Refused()
    {
        var link = Link(Claims() with { Subject = "alice", LinkId = "l1" }, "wss://cams.example.com:443/app/cam1?transport=tcp");
        var queryStart = link.IndexOf('?', StringComparison.Ordinal) + 1;
        Assert.True(Validator().Validate(Input(link), KeyRing).IsAllowed);

        Gen.Select(Gen.Int[queryStart, link.Length - 1], Gen.Char[(char)0x21, (char)0x7E])
            .Where((position, replacement) => link[position] != replacement)
            .Sample((position, replacement) =>
            {
                var changed = string.Concat(link.AsSpan(0, position), replacement.ToString(), link.AsSpan(position + 1));
                var result = Validator().Validate(Input(changed), KeyRing);
                Assert.False(result.IsAllowed, $"accepted after changing index {position} to '{replacement}'");
            }, iter: 2000);
    }

    [Fact]
    public void Validate_ArbitraryStrings_NeverThrows()
    {
        Gen.Select(Gen.String, Gen.String, Gen.String, Gen.String, Gen.String)
            .Sample((host, path, policy, signature, other) =>
            {
                var query = new List<QueryPair>
                {
                    new(other, other, other),
                    new("policy", policy, policy),
                    new("signature", signature, signature),
                };
                var input = new SignedUrlInput("wss", host, 443, path, query, Peer, Peer);
                var result = Validator().Validate(input, KeyRing);
                Assert.False(result.IsAllowed);
                var withGoodHost = Validator().Validate(input with { HostHeader = "cams.example.com" }, KeyRing);
                Assert.False(withGoodHost.IsAllowed);
            }, iter: 2000);
    }

    [Fact]
    public void Validate_ArbitraryBase64UrlPolicy_NeverThrows()
    {
        // Well-formed base64url of random bytes reaches the JSON reader rather than the alphabet check.
        Gen.Byte.Array[0, 300].Sample(bytes =>
        {
            var query = new List<QueryPair>
            {
                new("policy", StrictBase64Url.Encode(bytes), string.Empty),
                new("signature", "dvVdBpoxAeCPl94Kt5RoiqLI0YE", string.Empty),
            };
            var result = Validator().Validate(new SignedUrlInput("wss", "h.example", 443, "/a/b", query, Peer, Peer), KeyRing);
            Assert.False(result.IsAllowed);
        }, iter: 2000);
    }

    [Fact]
    public void Parser_ArbitraryBytesAndStrings_NeverThrows()
    {
        Gen.Byte.Array[0, 2000].Sample(bytes =>
        {
            var result = SignedPolicyParser.ParseJson(bytes);
            Assert.True(result.IsValid || result.Reason == AccessReason.PolicyMalformed);
        }, iter: 3000);

        Gen.String.Sample(text =>
        {
            var result = SignedPolicyParser.Parse(text, 1024);
            Assert.True(result.IsValid || result.Reason is AccessReason.PolicyMalformed or AccessReason.PolicyTooLarge);
        }, iter: 3000);
    }

    [Fact]
    public void Parser_JsonLikeFuzz_NeverThrows()
    {
        // Fragments of real policies recombined, to get past the first byte of JSON often.
        var fragment = Gen.OneOfConst("{", "}", "[", "]", ",", ":", "\"url_expire\"", "\"allow_ip\"", "\"sub\"", "\"kid\"",
            "1780000000000", "-1", "1.5e12", "\"10.0.0.0/8\"", "\"::1/200\"", "null", "true", "\"\\u0000\"", "\"\\ud800\"", " ");
        fragment.Array[0, 40].Select(parts => string.Concat(parts)).Sample(json =>
        {
            var result = SignedPolicyParser.ParseJson(Encoding.UTF8.GetBytes(json));
            Assert.True(result.IsValid || result.Reason == AccessReason.PolicyMalformed);
        }, iter: 5000);
    }
}
