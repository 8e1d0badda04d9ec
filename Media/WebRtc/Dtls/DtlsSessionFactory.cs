using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SecureStream.Media.WebRtc.Dtls;

/// <summary>
/// The capability's entry point for the WebRTC session: makes a <see cref="DtlsServerSession"/>
/// with the process certificate current at that moment, which is also the one whose
/// fingerprint the SDP answer must carry (<see cref="DtlsServerSession.LocalCertificate"/>).
/// </summary>
internal sealed class DtlsSessionFactory
{
    private readonly DtlsCertificateStore _certificates;
    private readonly IOptions<DtlsOptions> _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<DtlsServerSession> _logger;

    public DtlsSessionFactory(
        DtlsCertificateStore certificates,
        IOptions<DtlsOptions> options,
        TimeProvider timeProvider,
        ILogger<DtlsServerSession> logger)
    {
        _certificates = certificates;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>
    /// A session for one viewer. <paramref name="remoteFingerprint"/> comes from the viewer's SDP
    /// (<see cref="DtlsFingerprint.TryParse"/>); <paramref name="channel"/> sends to the address
    /// that passed ICE. The caller feeds datagrams and runs <see cref="DtlsServerSession.HandshakeAsync"/>.
    /// </summary>
    public DtlsServerSession Create(string sessionId, DtlsFingerprint remoteFingerprint, IDatagramChannel channel)
        => Create(sessionId, _certificates.Current, remoteFingerprint, channel);

    /// <summary>The certificate a session made now would use; an offer that names its fingerprint must keep it.</summary>
    public DtlsCertificate CurrentCertificate => _certificates.Current;

    /// <summary>
    /// A session with <paramref name="certificate"/>: when we offer (the OME protocol), the answer
    /// arrives later and the certificate may have rotated in between; the one the offer named must be used.
    /// </summary>
    public DtlsServerSession Create(string sessionId, DtlsCertificate certificate, DtlsFingerprint remoteFingerprint, IDatagramChannel channel)
        => new(sessionId, certificate, remoteFingerprint, channel, _options.Value, _timeProvider, _logger);
}
