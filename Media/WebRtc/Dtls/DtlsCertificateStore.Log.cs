using Microsoft.Extensions.Logging;

namespace SecureStream.Media.WebRtc.Dtls;

internal sealed partial class DtlsCertificateStore
{
    /// <summary>Event ids 3740–3749. A fingerprint is public (it is in every SDP answer); the key never appears.</summary>
    private static partial class Log
    {
        [LoggerMessage(EventId = 3740, Level = LogLevel.Information,
            Message = "DTLS certificate created: fingerprint {Fingerprint}, valid until {NotAfter}")]
        public static partial void CertificateCreated(ILogger logger, string fingerprint, DateTimeOffset notAfter);

        [LoggerMessage(EventId = 3741, Level = LogLevel.Information,
            Message = "DTLS certificate rotated: new sessions use fingerprint {Fingerprint}, valid until {NotAfter}")]
        public static partial void CertificateRotated(ILogger logger, string fingerprint, DateTimeOffset notAfter);
    }
}
