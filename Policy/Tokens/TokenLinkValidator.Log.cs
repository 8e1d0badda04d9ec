using Microsoft.Extensions.Logging;

namespace SecureStream.Policy.Tokens;

internal sealed partial class TokenLinkValidator
{
    /// <summary>
    /// Diagnostic log events 2100–2199. Only ids are logged (kid once found in the ring, jti, camera),
    /// never the token, its signature or key material. Refusals are Debug: the audit record is the
    /// place for decisions, and an attacker must not be able to flood the log at a higher level.
    /// </summary>
    private static partial class Log
    {
        [LoggerMessage(EventId = 2100, EventName = "TokenAccepted", Level = LogLevel.Debug,
            Message = "Token link accepted: kid {KeyId}, jti {LinkId}, camera {Camera}")]
        public static partial void TokenAccepted(ILogger logger, string keyId, string linkId, string camera);

        [LoggerMessage(EventId = 2101, EventName = "TokenRefused", Level = LogLevel.Debug,
            Message = "Token link refused: {Reason}, kid {KeyId}, camera {Camera}: {Detail}")]
        public static partial void TokenRefused(ILogger logger, string reason, string keyId, string camera, string detail);

        [LoggerMessage(EventId = 2102, EventName = "TokenRetiredKeyUsed", Level = LogLevel.Information,
            Message = "A genuine token signed with retired key {KeyId} was refused; its issuer still uses the old key")]
        public static partial void RetiredKeyUsed(ILogger logger, string keyId);

        [LoggerMessage(EventId = 2103, EventName = "TokenLibraryRefused", Level = LogLevel.Debug,
            Message = "JWT library refused a token for kid {KeyId} with {FailureType}")]
        public static partial void LibraryRefused(ILogger logger, string keyId, string failureType);
    }
}
