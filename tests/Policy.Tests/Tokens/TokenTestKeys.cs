using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SecureStream.Policy.Access;
using SecureStream.Policy.Tokens;

namespace SecureStream.Policy.Tests.Tokens;

/// <summary>
/// Real key material for the token tests: an HS256 secret in a uniquely named environment variable
/// and a P-256 key pair in temporary PEM files, referenced the way policy.json references them.
/// Also builds hand-made tokens (any header, any payload) for the attacks the issuer would never mint.
/// </summary>
internal sealed class TokenTestKeys : IDisposable
{
    public const string Audience = "securestream";
    public const string Issuer = "https://issuer.example";
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    public static readonly CameraPath Lobby1 = new("app", "lobby-1");
    public static readonly System.Net.IPAddress Client = System.Net.IPAddress.Parse("10.0.0.5");

    private readonly List<string> _files = [];
    private readonly List<string> _variables = [];

    public TokenTestKeys()
    {
        HsSecret = Convert.ToHexString(RandomNumberGenerator.GetBytes(24)); // 48 ASCII bytes
        HsReference = SetVariable(HsSecret);
        Ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        EcPublicPem = Ec.ExportSubjectPublicKeyInfoPem();
        EcPublicReference = WriteFile(EcPublicPem);
        EcPrivateReference = WriteFile(Ec.ExportPkcs8PrivateKeyPem());
        Time = new FakeTimeProvider(Start);
        Validator = new TokenLinkValidator(Time, NullLogger<TokenLinkValidator>.Instance);
        LinkIssuer = new TokenLinkIssuer(Time);
    }

    public string HsSecret { get; }

    public string HsReference { get; }

    public ECDsa Ec { get; }

    public string EcPublicPem { get; }

    public string EcPublicReference { get; }

    public string EcPrivateReference { get; }

    public FakeTimeProvider Time { get; }

    public TokenLinkValidator Validator { get; }

    public TokenLinkIssuer LinkIssuer { get; }

    public string SetVariable(string value)
    {
        var name = "SS_TEST_JWT_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(name, value);
        _variables.Add(name);
        return "env:" + name;
    }

    public string WriteFile(string text)
    {
        var path = Path.Combine(Path.GetTempPath(), "ss-token-test-" + Guid.NewGuid().ToString("N") + ".pem");
        File.WriteAllText(path, text);
        _files.Add(path);
        return "file:" + path;
    }

    public TokenSettings Settings(params TokenKeySettings[] extraKeys) => new()
    {
        Audience = Audience,
        Issuers = [Issuer],
        Keys =
        [
            new TokenKeySettings { Kid = "hs-2026", Algorithm = "HS256", Secret = HsReference },
            new TokenKeySettings { Kid = "ec-2026", Algorithm = "ES256", PublicKey = EcPublicReference, PrivateKey = EcPrivateReference },
            .. extraKeys,
        ],
    };

    public TokenKeyRing Ring(TokenSettings? settings = null)
    {
        var errors = new List<string>();
        Assert.True(TokenKeyRing.TryCreate(settings ?? Settings(), "tokens", errors, out var ring), string.Join("\n", errors));
        return ring!;
    }

    public string Issue(TokenKeyRing ring, string kid = "hs-2026", TokenIssueRequest? request = null)
    {
        request ??= new TokenIssueRequest("op-1", ["app/lobby-*"], TimeSpan.FromMinutes(10));
        Assert.True(LinkIssuer.TryIssue(ring, kid, request, out var token, out var error), error);
        return token!;
    }

    public ValueTask<TokenResult> ValidateAsync(string token, TokenKeyRing ring, CameraPath? camera = null, System.Net.IPAddress? client = null) =>
        Validator.ValidateAsync(new TokenInput(token, camera ?? Lobby1, client ?? Client), ring, CancellationToken.None);

    /// <summary>The claims of a good token at <see cref="Time"/>; a null value removes the claim.</summary>
    public Dictionary<string, object?> Claims(params (string Name, object? Value)[] changes)
    {
        var now = Time.GetUtcNow().ToUnixTimeSeconds();
        var claims = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["sub"] = "op-1",
            ["cam"] = "app/lobby-*",
            ["aud"] = Audience,
            ["iss"] = Issuer,
            ["iat"] = now,
            ["exp"] = now + 600,
        };
        foreach (var (name, value) in changes)
        {
            if (value is null)
            {
                claims.Remove(name);
            }
            else
            {
                claims[name] = value;
            }
        }

        return claims;
    }

    public static string Json(object value) => JsonSerializer.Serialize(value);

    public static string Segment(string json) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));

    /// <summary>A hand-made HMAC-SHA256 token over exactly the given header and payload JSON texts.</summary>
    public static string Hs256(string headerJson, string payloadJson, byte[] key)
    {
        var input = Segment(headerJson) + "." + Segment(payloadJson);
        return input + "." + Base64Url.EncodeToString(HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(input)));
    }

    /// <summary>A hand-made ES256 token (JOSE r||s signature) over the given header and payload JSON texts.</summary>
    public static string Es256(string headerJson, string payloadJson, ECDsa key)
    {
        var input = Segment(headerJson) + "." + Segment(payloadJson);
        return input + "." + Base64Url.EncodeToString(key.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256));
    }

    public string HsToken(Dictionary<string, object?> claims, string header = """{"alg":"HS256","kid":"hs-2026","typ":"JWT"}""") =>
        Hs256(header, Json(claims), Encoding.UTF8.GetBytes(HsSecret));

    public void Dispose()
    {
        foreach (var file in _files)
        {
            File.Delete(file);
        }

        foreach (var variable in _variables)
        {
            Environment.SetEnvironmentVariable(variable, null);
        }

        Ec.Dispose();
    }
}
