using System.Net;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using SecureStream.Policy.Access;
using SecureStream.Policy.Secrets;
using SecureStream.Policy.SignedUrls;
using SecureStream.Proxy.RequestShape;

namespace SecureStream.Benchmarks;

/// <summary>
/// SignedUrlValidator.Validate for an OME SignedPolicy link (HMAC-SHA1, one "*" virtual host, one
/// key): a valid link, and the same link with one bit of the signature flipped (refused at the MAC
/// comparison, i.e. after all the work of a valid link except the time/address checks).
/// The query is parsed once in setup with the front door's RequestTargetParser; only Validate is timed.
/// </summary>
[MemoryDiagnoser]
public class SignedUrlValidationBenchmarks
{
    private const string BaseUrl = "wss://cams.example.com:3334/app/cam1";

    private SignedUrlValidator _validator = null!;
    private SignedUrlKeyRing _ring = null!;
    private SignedUrlInput _valid;
    private SignedUrlInput _flipped;

    [GlobalSetup]
    public void Setup()
    {
        var secret = BenchSecrets.RandomSecret();
        var settings = new SignedUrlSettings
        {
            VirtualHosts =
            [
                new SignedUrlVirtualHostSettings
                {
                    Name = "default",
                    Hosts = ["*"],
                    Keys = [new SignedUrlKeySettings { Id = "k1", Secret = BenchSecrets.EnvReference("SS_BENCH_LINK_", secret) }],
                },
            ],
        };
        var errors = new List<string>();
        if (!SignedUrlKeyRing.TryCreate(settings, "signedUrls", errors, out var ring))
        {
            throw new InvalidOperationException(string.Join("; ", errors));
        }

        _ring = ring!;
        _validator = new SignedUrlValidator(TimeProvider.System, NullLogger<SignedUrlValidator>.Instance);
        var claims = new SignedPolicyClaims(DateTimeOffset.UtcNow.AddDays(1));
        var link = SignedUrlSigner.CreateLink(new Uri(BaseUrl), claims, null, SecretValue.FromText(secret), SignedUrlAlgorithm.HmacSha1, SignedUrlParameterNames.Default);
        _valid = Input(link);
        _flipped = Input(FlipSignatureBit(link));

        Expect(ValidLink(), AccessReason.Allowed);
        Expect(BitFlippedSignature(), AccessReason.SignatureInvalid);
    }

    [Benchmark(Baseline = true)]
    public AccessReason ValidLink() => _validator.Validate(_valid, _ring).Reason;

    [Benchmark]
    public AccessReason BitFlippedSignature() => _validator.Validate(_flipped, _ring).Reason;

    internal static void Expect(AccessReason actual, AccessReason expected)
    {
        if (actual != expected)
        {
            throw new InvalidOperationException($"setup: expected {expected}, got {actual}");
        }
    }

    private static SignedUrlInput Input(string link)
    {
        var uri = new Uri(link);
        var rawTarget = link[link.IndexOf('/', "wss://".Length)..];
        var reserved = new HashSet<string>(StringComparer.Ordinal) { "policy", "signature", "token" };
        var shape = RequestTargetParser.Parse(rawTarget, "GET", RequestShapeLimits.Default, reserved);
        if (!shape.IsAllowed)
        {
            throw new InvalidOperationException("setup: target refused: " + shape.Reason);
        }

        var peer = IPAddress.Parse("203.0.113.7");
        return new SignedUrlInput("wss", uri.Authority, uri.Port, shape.Target!.RawPath, shape.Target.Query, peer, peer);
    }

    /// <summary>Flips the lowest bit of one character in the middle of the signature value (still canonical base64url).</summary>
    private static string FlipSignatureBit(string link)
    {
        var start = link.IndexOf("signature=", StringComparison.Ordinal) + "signature=".Length;
        var at = start + 5;
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        var value = Alphabet.IndexOf(link[at], StringComparison.Ordinal);
        var flipped = Alphabet[value ^ 1];
        return string.Concat(link.AsSpan(0, at), flipped.ToString(), link.AsSpan(at + 1));
    }
}
