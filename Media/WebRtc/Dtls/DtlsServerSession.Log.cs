using Microsoft.Extensions.Logging;

namespace SecureStream.Media.WebRtc.Dtls;

internal sealed partial class DtlsServerSession
{
    /// <summary>
    /// Event ids 3700–3719. Session ids, reason codes, profile and suite numbers only: never keying
    /// material, never certificates, never packet contents; drops are reported once per session.
    /// </summary>
    private static partial class Log
    {
        [LoggerMessage(EventId = 3700, Level = LogLevel.Debug,
            Message = "DTLS handshake of session {SessionId} completed in {ElapsedMs} ms: SRTP profile {Profile}, cipher suite 0x{CipherSuite:X4}")]
        public static partial void HandshakeSucceeded(ILogger logger, string sessionId, double elapsedMs, SrtpProfileId profile, int cipherSuite);

        [LoggerMessage(EventId = 3701, Level = LogLevel.Information,
            Message = "DTLS handshake of session {SessionId} failed after {ElapsedMs} ms: {Reason}")]
        public static partial void HandshakeFailed(ILogger logger, string sessionId, double elapsedMs, string reason);

        [LoggerMessage(EventId = 3702, Level = LogLevel.Debug,
            Message = "DTLS session {SessionId} ended: {Reason}")]
        public static partial void SessionEnded(ILogger logger, string sessionId, string reason);

        [LoggerMessage(EventId = 3703, Level = LogLevel.Debug,
            Message = "DTLS session {SessionId} dropped {Total} datagram(s): {Oversized} oversized, {Malformed} malformed, {ClientHelloAfterHandshake} ClientHello after the handshake, {QueueFull} queue full, {ApplicationData} application data, {AfterEnd} after the end")]
        public static partial void DatagramsDropped(ILogger logger, string sessionId, long total, long oversized, long malformed,
            long clientHelloAfterHandshake, long queueFull, long applicationData, long afterEnd);
    }
}
