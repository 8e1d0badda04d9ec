using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.X509;
using SecureStream.Media.WebRtc.Dtls;

namespace SecureStream.Media.Tests.WebRtc.Dtls;

public sealed class DtlsCertificateTests
{
    [Fact]
    public void Generate_SelfSignedEcdsaP256_FingerprintIsSha256OfDer()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));

        var certificate = DtlsCertificate.Generate(time);

        var parsed = new X509CertificateParser().ReadCertificate(certificate.Der.ToArray());
        parsed.Verify(parsed.GetPublicKey());
        var key = Assert.IsType<ECPublicKeyParameters>(parsed.GetPublicKey());
        Assert.Equal(256, key.Parameters.Curve.FieldSize);
        Assert.Equal("1.2.840.10045.4.3.2", parsed.SigAlgOid); // ecdsa-with-SHA256 (RFC 5758 §3.2)
        Assert.True(certificate.Fingerprint.Matches(certificate.Der));
        Assert.Equal(time.GetUtcNow() + DtlsCertificate.Validity, certificate.NotAfter);
        Assert.StartsWith("sha-256 ", certificate.Fingerprint.SdpValue, StringComparison.Ordinal);
        Assert.True(parsed.IsValid(time.GetUtcNow().UtcDateTime));
    }

    [Fact]
    public void Generate_Twice_GivesDifferentKeysAndFingerprints()
    {
        var first = DtlsCertificate.Generate(TimeProvider.System);
        var second = DtlsCertificate.Generate(TimeProvider.System);

        Assert.NotEqual(first.Fingerprint.SdpValue, second.Fingerprint.SdpValue);
    }

    [Fact]
    public void ToString_ShowsOnlyTheFingerprint()
    {
        var certificate = DtlsCertificate.Generate(TimeProvider.System);

        Assert.Equal($"DtlsCertificate({certificate.Fingerprint.SdpValue})", certificate.ToString());
    }

    [Fact]
    public void Store_Current_IsStableUntilRotated()
    {
        var store = new DtlsCertificateStore(TimeProvider.System, NullLogger<DtlsCertificateStore>.Instance);
        var first = store.Current;

        Assert.Same(first, store.Current);
        var rotated = store.Rotate();

        Assert.Same(rotated, store.Current);
        Assert.NotEqual(first.Fingerprint.SdpValue, rotated.Fingerprint.SdpValue);
    }
}
