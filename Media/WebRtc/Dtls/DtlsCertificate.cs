using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.X509;

namespace SecureStream.Media.WebRtc.Dtls;

/// <summary>
/// Our DTLS identity: a self-signed ECDSA P-256 certificate and its private key, made in memory
/// (never written to disk). WebRTC does not use a CA: the peer pins the certificate through the
/// <c>a=fingerprint</c> of our SDP (RFC 8827 §6.5, RFC 8122 §5), so the subject and the validity
/// only need to be well formed. Generated with BouncyCastle so it plugs straight into its TLS stack.
/// </summary>
internal sealed class DtlsCertificate
{
    /// <summary>How long a generated certificate claims to be valid. Browsers do not check it; rotation is by <see cref="DtlsCertificateStore"/>.</summary>
    public static readonly TimeSpan Validity = TimeSpan.FromDays(30);

    private readonly byte[] _der;

    private DtlsCertificate(X509Certificate certificate, AsymmetricKeyParameter privateKey)
    {
        _der = certificate.GetEncoded();
        PrivateKey = privateKey;
        Fingerprint = DtlsFingerprint.OfCertificate(_der);
        NotAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);
    }

    /// <summary>The SHA-256 fingerprint to put in our SDP's <c>a=fingerprint</c>.</summary>
    public DtlsFingerprint Fingerprint { get; }

    /// <summary>The end of the certificate's stated validity.</summary>
    public DateTimeOffset NotAfter { get; }

    /// <summary>The DER encoding of the certificate (public).</summary>
    public ReadOnlySpan<byte> Der => _der;

    /// <summary>The signing key. Never logged, never leaves the process.</summary>
    internal AsymmetricKeyParameter PrivateKey { get; }

    /// <summary>Makes a fresh key pair and a self-signed certificate valid from a day ago (clock skew) for <see cref="Validity"/>.</summary>
    public static DtlsCertificate Generate(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        var random = new SecureRandom();

        var keyGenerator = new ECKeyPairGenerator();
        keyGenerator.Init(new ECKeyGenerationParameters(SecObjectIdentifiers.SecP256r1, random));
        var keyPair = keyGenerator.GenerateKeyPair();

        var now = timeProvider.GetUtcNow();
        // A positive random serial (RFC 5280 §4.1.2.2: at most 20 octets, positive).
        var serial = new BigInteger(1, SecureRandom.GetNextBytes(random, 16));
        var name = new X509Name("CN=SecureStream");

        var generator = new X509V3CertificateGenerator();
        generator.SetSerialNumber(serial);
        generator.SetIssuerDN(name);
        generator.SetSubjectDN(name);
        generator.SetNotBefore(now.AddDays(-1).UtcDateTime);
        generator.SetNotAfter(now.Add(Validity).UtcDateTime);
        generator.SetPublicKey(keyPair.Public);
        var certificate = generator.Generate(new Asn1SignatureFactory("SHA256WITHECDSA", keyPair.Private, random));

        return new DtlsCertificate(certificate, keyPair.Private);
    }

    /// <summary>The certificate as a one-entry TLS chain for BouncyCastle's handshake.</summary>
    internal Certificate ToTlsChain(TlsCrypto crypto) => new([crypto.CreateCertificate(_der)]);

    /// <inheritdoc/>
    public override string ToString() => $"DtlsCertificate({Fingerprint.SdpValue})";
}
