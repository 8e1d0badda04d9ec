using CsCheck;
using SecureStream.Policy.Access;
using SecureStream.Policy.Tokens;

namespace SecureStream.Policy.Tests.Tokens;

public sealed class TokenLinkValidatorPropertyTests : IDisposable
{
    private const string Base64UrlAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    private const string SafeName = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_";

    private readonly TokenTestKeys _keys = new();
    private readonly TokenKeyRing _ring;

    public TokenLinkValidatorPropertyTests() => _ring = _keys.Ring();

    public void Dispose() => _keys.Dispose();

    private static readonly Gen<string> Name = Gen.String[Gen.Char[SafeName], 1, 20];

    [Fact]
    public Task IssueThenValidate_AnyGrant_RoundTrips() =>
        Gen.Select(Name, Name, Gen.Int[1, 86400], Gen.Bool, Gen.Int[0, 1])
            .SampleAsync(async (subject, stream, lifetime, wildcard, keyIndex) =>
            {
                var kid = keyIndex == 0 ? "hs-2026" : "ec-2026";
                var camera = new CameraPath("app", stream);
                var pattern = wildcard ? "app/*" : camera.ToString();
                var token = _keys.Issue(_ring, kid, new TokenIssueRequest(subject, [pattern], TimeSpan.FromSeconds(lifetime)));

                var result = await _keys.ValidateAsync(token, _ring, camera);

                Assert.True(result.IsAllowed, result.Detail);
                Assert.Equal(subject, result.Claims!.Subject);
                Assert.Equal(TokenTestKeys.Start.AddSeconds(lifetime), result.Claims.Expires);
                Assert.Equal(kid, result.Claims.KeyId);
            }, iter: 200, threads: 1);

    [Fact]
    public Task ValidateAsync_AnySingleCharacterChange_IsRefused()
    {
        var tokens = new[] { _keys.Issue(_ring, "hs-2026"), _keys.Issue(_ring, "ec-2026") };
        var replacement = Gen.Char[Base64UrlAlphabet + ".=+/ \0é"];
        return Gen.Select(Gen.Int[0, 1], Gen.Int[0, 10_000], replacement)
            .SampleAsync(async (which, position, character) =>
            {
                var token = tokens[which];
                var index = position % token.Length;
                if (token[index] == character)
                {
                    return;
                }

                var changed = string.Concat(token.AsSpan(0, index), new ReadOnlySpan<char>(in character), token.AsSpan(index + 1));

                var result = await _keys.ValidateAsync(changed, _ring);

                Assert.False(result.IsAllowed, $"changed index {index} to '{character}' and it was still accepted");
                Assert.NotEqual(AccessReason.Allowed, result.Reason);
            }, iter: 2000, threads: 1);
    }

    [Fact]
    public Task ValidateAsync_ArbitraryStrings_NeverThrowsNeverAllows() =>
        Gen.String.SampleAsync(async text =>
        {
            var result = await _keys.ValidateAsync(text, _ring);

            Assert.False(result.IsAllowed);
        }, iter: 1000, threads: 1);

    [Fact]
    public Task ValidateAsync_ArbitraryThreePartTokens_NeverThrowsNeverAllows()
    {
        var segment = Gen.String[Gen.Char[Base64UrlAlphabet], 0, 120];
        var header = Gen.OneOf(
            Gen.Const("""{"alg":"HS256","kid":"hs-2026"}"""),
            Gen.Const("""{"alg":"ES256","kid":"ec-2026"}"""),
            Gen.String[Gen.Char["{}[]\":,alg kidHS256ES\\u0"], 0, 60]);
        return Gen.Select(header, segment, segment)
            .SampleAsync(async (headerJson, payload, signature) =>
            {
                var token = TokenTestKeys.Segment(headerJson) + "." + payload + "." + signature;

                var result = await _keys.ValidateAsync(token, _ring);

                Assert.False(result.IsAllowed);
            }, iter: 1000, threads: 1);
    }
}
