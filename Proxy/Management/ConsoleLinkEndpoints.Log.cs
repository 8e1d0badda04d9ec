namespace SecureStream.Proxy.Management;

internal static partial class ConsoleLinkEndpoints
{
    /// <summary>Ids only: the link itself is a credential and is never logged.</summary>
    private static partial class Log
    {
        [LoggerMessage(EventId = 1550, Level = LogLevel.Information, Message = "Administrator {Administrator} minted a {Kind} link {LinkId} for operator {Operator} on {Camera}, expiring {ExpiresAt}")]
        public static partial void LinkMinted(ILogger logger, string administrator, string kind, string camera, string @operator, string linkId, DateTimeOffset expiresAt);

        [LoggerMessage(EventId = 1551, Level = LogLevel.Information, Message = "Link request of administrator {Administrator} refused: {Reason}")]
        public static partial void LinkMintRefused(ILogger logger, string administrator, string reason);

        [LoggerMessage(EventId = 1552, Level = LogLevel.Warning, Message = "Administrator {Administrator} asked for a {Kind} link on {Camera}, which the policy cannot mint: {Problem}")]
        public static partial void LinkMintFailed(ILogger logger, string administrator, string camera, string kind, string problem);

        [LoggerMessage(EventId = 1553, Level = LogLevel.Error, Message = "Link {LinkId} on {Camera} for administrator {Administrator} was not handed out: its link.minted record could not be written")]
        public static partial void LinkNotAudited(ILogger logger, string administrator, string camera, string linkId);
    }
}
