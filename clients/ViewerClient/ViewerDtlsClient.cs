using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using SecureStream.Media.WebRtc.Dtls;
using SrtpContext = SecureStream.Media.WebRtc.Srtp.SrtpContext;
using SrtpEndpointRole = SecureStream.Media.WebRtc.Srtp.SrtpEndpointRole;
using SrtpKeyingMaterial = SecureStream.Media.WebRtc.Srtp.SrtpKeyingMaterial;
using SrtpProfile = SecureStream.Media.WebRtc.Srtp.SrtpProtectionProfile;

namespace SecureStream.ViewerClient;

/// <summary>
/// A real DTLS 1.2 client (BouncyCastle's own), standing in for a browser: offers use_srtp,
/// presents its own self-signed certificate (or none, for tests of the server's refusal), pins the
/// server's fingerprint from the answer and exports the SRTP keys the way a browser does
/// (RFC 5764 §4.2).
/// </summary>
internal sealed class ViewerDtlsClient : DefaultTlsClient
{
    private readonly DtlsCertificate? _certificate;
    private readonly int[]? _profiles;
    private readonly DtlsFingerprint _serverFingerprint;

    public ViewerDtlsClient(DtlsCertificate? certificate, int[]? profiles, DtlsFingerprint serverFingerprint)
        : base(new BcTlsCrypto(new Org.BouncyCastle.Security.SecureRandom()))
    {
        _certificate = certificate;
        _profiles = profiles;
        _serverFingerprint = serverFingerprint;
    }

    public int SelectedProfile { get; private set; }

    public byte[]? KeyingMaterial { get; private set; }

    public bool ServerFingerprintMatched { get; private set; }

    /// <summary>The SRTP context for receiving (client role, RFC 5764 §4.2), once the handshake is complete.</summary>
    public SrtpContext CreateSrtpContext() => SrtpContext.Create(SrtpKeyingMaterial.FromDtlsExporter(
        KeyingMaterial ?? throw new InvalidOperationException("The DTLS handshake has not completed."),
        (SrtpProfile)SelectedProfile,
        SrtpEndpointRole.Client));

    public override IDictionary<int, byte[]> GetClientExtensions()
    {
        var extensions = base.GetClientExtensions() ?? new Dictionary<int, byte[]>();
        if (_profiles is not null)
        {
            TlsSrtpUtilities.AddUseSrtpExtension(extensions, new UseSrtpData(_profiles, []));
        }

        return extensions;
    }

    public override void ProcessServerExtensions(IDictionary<int, byte[]> serverExtensions)
    {
        base.ProcessServerExtensions(serverExtensions);
        var selected = TlsSrtpUtilities.GetUseSrtpExtension(serverExtensions);
        SelectedProfile = selected is { ProtectionProfiles.Length: 1 } ? selected.ProtectionProfiles[0] : 0;
    }

    public override TlsAuthentication GetAuthentication() => new Authentication(this);

    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();
        var length = SelectedProfile == SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM ? 56 : 60;
        KeyingMaterial = m_context.ExportKeyingMaterial(ExporterLabel.dtls_srtp, null, length);
    }

    public override int GetHandshakeTimeoutMillis() => 15_000;

    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

    private sealed class Authentication(ViewerDtlsClient client) : TlsAuthentication
    {
        public void NotifyServerCertificate(TlsServerCertificate serverCertificate)
        {
            var chain = serverCertificate.Certificate;
            if (chain.IsEmpty || !client._serverFingerprint.Matches(chain.GetCertificateAt(0).GetEncoded()))
            {
                throw new TlsFatalAlert(AlertDescription.bad_certificate);
            }

            client.ServerFingerprintMatched = true;
        }

        public TlsCredentials? GetClientCredentials(CertificateRequest certificateRequest)
        {
            if (client._certificate is null)
            {
                return null;
            }

            return new BcDefaultTlsCredentialedSigner(
                new TlsCryptoParameters(client.m_context),
                (BcTlsCrypto)client.Crypto,
                client._certificate.PrivateKey,
                client._certificate.ToTlsChain(client.Crypto),
                new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
        }
    }
}
