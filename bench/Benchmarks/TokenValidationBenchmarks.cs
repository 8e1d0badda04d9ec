using System.Net;
using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using SecureStream.Policy.Access;
using SecureStream.Policy.Tokens;

namespace SecureStream.Benchmarks;

/// <summary>
/// TokenLinkValidator.ValidateAsync for a valid HS256 token and a valid ES256 token (P-256 key pair
/// in temp PEM files, HS secret in an env: variable), both minted by TokenLinkIssuer.
/// </summary>
[MemoryDiagnoser]
public class TokenValidationBenchmarks
{
    private static readonly CameraPath Camera = new("app", "lobby-1");
    private static readonly IPAddress Client = IPAddress.Parse("10.0.0.5");

    private readonly List<string> _files = [];
    private TokenLinkValidator _validator = null!;
    private TokenKeyRing _ring = null!;
    private TokenInput _hs;
    private TokenInput _es;

    [GlobalSetup]
    public void Setup()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var publicPem = BenchSecrets.TempFile(ec.ExportSubjectPublicKeyInfoPem(), ".pem");
        var privatePem = BenchSecrets.TempFile(ec.ExportPkcs8PrivateKeyPem(), ".pem");
        _files.Add(publicPem);
        _files.Add(privatePem);
        var settings = new TokenSettings
        {
            Audience = "securestream",
            Issuers = ["https://issuer.example"],
            Keys =
            [
                new TokenKeySettings { Kid = "hs-2026", Algorithm = "HS256", Secret = BenchSecrets.EnvReference("SS_BENCH_JWT_", BenchSecrets.RandomSecret()) },
                new TokenKeySettings { Kid = "ec-2026", Algorithm = "ES256", PublicKey = "file:" + publicPem, PrivateKey = "file:" + privatePem },
            ],
        };
        var errors = new List<string>();
        if (!TokenKeyRing.TryCreate(settings, "tokens", errors, out var ring))
        {
            throw new InvalidOperationException(string.Join("; ", errors));
        }

        _ring = ring!;
        _validator = new TokenLinkValidator(TimeProvider.System, NullLogger<TokenLinkValidator>.Instance);
        var issuer = new TokenLinkIssuer(TimeProvider.System);
        var request = new TokenIssueRequest("op-1", ["app/lobby-*"], TimeSpan.FromHours(12));
        _hs = new TokenInput(Issue(issuer, "hs-2026", request), Camera, Client);
        _es = new TokenInput(Issue(issuer, "ec-2026", request), Camera, Client);

        SignedUrlValidationBenchmarks.Expect(Hs256().AsTask().GetAwaiter().GetResult(), AccessReason.Allowed);
        SignedUrlValidationBenchmarks.Expect(Es256().AsTask().GetAwaiter().GetResult(), AccessReason.Allowed);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var file in _files)
        {
            File.Delete(file);
        }
    }

    [Benchmark(Baseline = true)]
    public async ValueTask<AccessReason> Hs256() => (await _validator.ValidateAsync(_hs, _ring, CancellationToken.None)).Reason;

    [Benchmark]
    public async ValueTask<AccessReason> Es256() => (await _validator.ValidateAsync(_es, _ring, CancellationToken.None)).Reason;

    private string Issue(TokenLinkIssuer issuer, string kid, TokenIssueRequest request) =>
        issuer.TryIssue(_ring, kid, request, out var token, out var error)
            ? token!
            : throw new InvalidOperationException(error);
}
