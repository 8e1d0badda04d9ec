using Microsoft.Extensions.Logging;

namespace SecureStream.Policy.SignedUrls;

internal sealed partial class SignedUrlValidator
{
    // Event ids 2000–2099 belong to Policy/SignedUrls (docs/EventIds.md). Only ids, reason codes
    // and constant details are logged: never the signature, the policy or the query string.
    private static partial class Log
    {
        [LoggerMessage(EventId = 2000, EventName = "SignedLinkAccepted", Level = LogLevel.Debug,
            Message = "Signed link accepted on virtual host {VirtualHost} with key {KeyId}, link id {LinkId}")]
        public static partial void LinkAccepted(ILogger logger, string virtualHost, string? keyId, string? linkId);

        [LoggerMessage(EventId = 2001, EventName = "SignedLinkRefused", Level = LogLevel.Debug,
            Message = "Signed link refused ({Reason}) on virtual host {VirtualHost}, key {KeyId}: {Detail}")]
        public static partial void LinkRefused(ILogger logger, string reason, string virtualHost, string? keyId, string? detail);

        [LoggerMessage(EventId = 2002, EventName = "RetiredSignedLinkKeyPresented", Level = LogLevel.Information,
            Message = "A link signed with retired key {KeyId} of virtual host {VirtualHost} was presented")]
        public static partial void RetiredKeyPresented(ILogger logger, string virtualHost, string? keyId);
    }
}
