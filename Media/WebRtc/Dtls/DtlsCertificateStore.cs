using Microsoft.Extensions.Logging;

namespace SecureStream.Media.WebRtc.Dtls;

/// <summary>
/// The process's DTLS certificate. Browsers expect one certificate for every session of a
/// server (they cache nothing, but a stable fingerprint keeps SDP answers predictable), so one is
/// generated at start and reused. <see cref="Rotate"/> replaces it; sessions already started keep
/// the certificate their SDP answer announced, because each takes <see cref="Current"/> once.
/// </summary>
internal sealed partial class DtlsCertificateStore
{
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<DtlsCertificateStore> _logger;
    private DtlsCertificate _current;

    public DtlsCertificateStore(TimeProvider timeProvider, ILogger<DtlsCertificateStore> logger)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _timeProvider = timeProvider;
        _logger = logger;
        _current = DtlsCertificate.Generate(timeProvider);
        Log.CertificateCreated(_logger, _current.Fingerprint.SdpValue, _current.NotAfter);
    }

    /// <summary>The certificate new sessions use and announce in their SDP.</summary>
    public DtlsCertificate Current => Volatile.Read(ref _current);

    /// <summary>Generates a new certificate for sessions started from now on and returns it.</summary>
    public DtlsCertificate Rotate()
    {
        var next = DtlsCertificate.Generate(_timeProvider);
        Volatile.Write(ref _current, next);
        Log.CertificateRotated(_logger, next.Fingerprint.SdpValue, next.NotAfter);
        return next;
    }
}
