using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace SecureStream.Media.WebRtc.Dtls;

/// <summary>
/// BouncyCastle's side of one DTLS-SRTP handshake (RFC 5764) in the WebRTC server role: DTLS 1.2
/// only, ECDHE-ECDSA suites, our certificate, a REQUIRED client certificate pinned to the
/// peer's SDP fingerprint, the <c>use_srtp</c> extension, and the SRTP keys exported the moment
/// the handshake completes. Failures are recorded as a <see cref="DtlsFailureReasons"/> code before
/// the fatal alert is thrown, so the session reports why without parsing exceptions.
/// </summary>
internal sealed class DtlsSrtpServer : DefaultTlsServer
{
    /// <summary>
    /// ECDHE with our ECDSA certificate, AEAD first; the CBC suite is what older WebRTC stacks still
    /// send. RFC 8827 §6.5 requires forward secrecy, so no static-RSA or plain-DH suites.
    /// </summary>
    private static readonly int[] Suites =
    [
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
    ];

    private readonly DtlsCertificate _certificate;
    private readonly DtlsFingerprint _expectedPeerFingerprint;
    private readonly int _handshakeTimeoutMillis;
    private readonly SrtpProfileId[] _profilePreference;

    /// <param name="profilePreference">
    /// The SRTP profiles we accept, most preferred first (<see cref="DtlsOptions.SrtpProfiles"/>;
    /// by default GCM, then the AES-CM profile every WebRTC endpoint offers, RFC 8827 §6.5).
    /// </param>
    public DtlsSrtpServer(DtlsCertificate certificate, DtlsFingerprint expectedPeerFingerprint, TimeSpan handshakeTimeout, SrtpProfileId[] profilePreference)
        : base(new BcTlsCrypto(new Org.BouncyCastle.Security.SecureRandom()))
    {
        _certificate = certificate;
        _expectedPeerFingerprint = expectedPeerFingerprint;
        _handshakeTimeoutMillis = (int)Math.Ceiling(handshakeTimeout.TotalMilliseconds);
        _profilePreference = profilePreference;
    }

    /// <summary>Why the handshake failed, when we decided it; null when BouncyCastle did.</summary>
    public string? FailureReason { get; private set; }

    /// <summary>Whether the client's certificate was checked against its fingerprint and matched.</summary>
    public bool PeerCertificateVerified { get; private set; }

    /// <summary>The profile chosen from the client's <c>use_srtp</c> offer.</summary>
    public SrtpProfileId Profile { get; private set; }

    /// <summary>RFC 5764 §4.2 keying material, exported in <see cref="NotifyHandshakeComplete"/>; null before.</summary>
    public byte[]? KeyingMaterial { get; private set; }

    /// <summary>The negotiated cipher suite, for the log line.</summary>
    public int NegotiatedCipherSuite { get; private set; }

    /// <summary>Whether the handshake finished; alerts after it end the session instead of failing the handshake.</summary>
    public bool HandshakeComplete { get; private set; }

    /// <summary>Set when the peer sent an alert: (level, description). Read by the session.</summary>
    public Action<short, short>? AlertReceived { get; set; }

    /// <summary>BouncyCastle's own handshake clock (a backstop; the session enforces the deadline with its <see cref="TimeProvider"/>).</summary>
    public override int GetHandshakeTimeoutMillis() => _handshakeTimeoutMillis;

    /// <summary>RFC 6347 §4.1.2.7: invalid records are silently discarded, never fatal, so a forged record cannot end a session.</summary>
    public override bool IgnoreCorruptDtlsRecords => true;

    /// <summary>RFC 7627: without the extended master secret, a man in the middle could synchronise two handshakes' keys.</summary>
    public override bool RequiresExtendedMasterSecret() => true;

    /// <inheritdoc/>
    public override void ProcessClientExtensions(IDictionary<int, byte[]> clientExtensions)
    {
        base.ProcessClientExtensions(clientExtensions);

        // RFC 5764 §4.1.1: the client lists profiles in its preference; the server picks one. We pick
        // by our preference, and refuse an MKI (WebRTC never uses one, RFC 8827 §6.5).
        var offer = TlsSrtpUtilities.GetUseSrtpExtension(clientExtensions);
        if (offer is null || offer.Mki.Length != 0)
        {
            throw Fail(DtlsFailureReasons.NoSrtpProfile, AlertDescription.handshake_failure);
        }

        foreach (var candidate in _profilePreference)
        {
            if (Array.IndexOf(offer.ProtectionProfiles, (int)candidate) >= 0)
            {
                Profile = candidate;
                return;
            }
        }

        throw Fail(DtlsFailureReasons.NoSrtpProfile, AlertDescription.handshake_failure);
    }

    /// <inheritdoc/>
    public override IDictionary<int, byte[]> GetServerExtensions()
    {
        var extensions = base.GetServerExtensions();
        // RFC 5764 §4.1.1: the server's extension names exactly one profile, and an empty MKI.
        TlsSrtpUtilities.AddUseSrtpExtension(extensions, new UseSrtpData([(int)Profile], []));
        return extensions;
    }

    /// <summary>
    /// RFC 5246 §7.4.4: ask for a certificate. WebRTC requires one (RFC 8827 §6.5): it is how the
    /// DTLS handshake is bound to the signalling that carried its fingerprint.
    /// </summary>
    public override CertificateRequest GetCertificateRequest()
    {
        var signatureAlgorithms = TlsUtilities.GetDefaultSupportedSignatureAlgorithms(m_context);
        return new CertificateRequest([ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign], signatureAlgorithms, null);
    }

    /// <summary>
    /// RFC 8122 §5 / RFC 8842 §5.1: the end-entity certificate must hash to the fingerprint in the
    /// peer's SDP. BouncyCastle then checks the CertificateVerify signature with it, proving the
    /// peer holds the key. No CA, no validity check: the fingerprint is the trust anchor.
    /// </summary>
    public override void NotifyClientCertificate(Certificate clientCertificate)
    {
        if (clientCertificate is null || clientCertificate.IsEmpty)
        {
            throw Fail(DtlsFailureReasons.NoClientCertificate, AlertDescription.handshake_failure);
        }

        if (!_expectedPeerFingerprint.Matches(clientCertificate.GetCertificateAt(0).GetEncoded()))
        {
            throw Fail(DtlsFailureReasons.FingerprintMismatch, AlertDescription.bad_certificate);
        }

        PeerCertificateVerified = true;
    }

    /// <summary>Exports the SRTP keys (RFC 5764 §4.2) while the master secret still exists.</summary>
    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();
        NegotiatedCipherSuite = m_context.SecurityParameters.CipherSuite;
        KeyingMaterial = m_context.ExportKeyingMaterial(ExporterLabel.dtls_srtp, null, SrtpProfileLengths.KeyingMaterialLength(Profile));
        HandshakeComplete = true;
    }

    /// <inheritdoc/>
    public override void NotifyAlertReceived(short alertLevel, short alertDescription)
    {
        base.NotifyAlertReceived(alertLevel, alertDescription);
        AlertReceived?.Invoke(alertLevel, alertDescription);
    }

    /// <inheritdoc/>
    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

    /// <inheritdoc/>
    protected override int[] GetSupportedCipherSuites() => TlsUtilities.GetSupportedCipherSuites(Crypto, Suites);

    /// <inheritdoc/>
    protected override TlsCredentialedSigner GetECDsaSignerCredentials()
    {
        var signatureAlgorithm = new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa);
        return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(m_context), (BcTlsCrypto)Crypto,
            _certificate.PrivateKey, _certificate.ToTlsChain(Crypto), signatureAlgorithm);
    }

    private TlsFatalAlert Fail(string reason, short alertDescription)
    {
        FailureReason ??= reason;
        return new TlsFatalAlert(alertDescription, reason);
    }
}
