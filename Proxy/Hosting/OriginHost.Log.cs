namespace SecureStream.Proxy.Hosting;

internal static partial class OriginHost
{
    /// <summary>Log messages of the standalone origin (the <c>origin</c> verb).</summary>
    internal static partial class Log
    {
        [LoggerMessage(EventId = 1801, Level = LogLevel.Information, Message = "Origin running alone: signalling on {Endpoint}; only tickets signed with Origin:TicketKey are served, and sessions end here without a front door in this process")]
        public static partial void Started(ILogger logger, System.Net.IPEndPoint? endpoint);

        [LoggerMessage(EventId = 1802, Level = LogLevel.Information, Message = "Viewer session {SessionId} on {Camera} ended at this origin: {Reason}, {OctetsSent} octets sent")]
        public static partial void SessionEnded(ILogger logger, string sessionId, SecureStream.Policy.Access.CameraPath camera, string reason, long octetsSent);

        // Warning: nobody can scrape this origin's /metrics until the setting is fixed. The
        // validator's messages name settings and files, never a token.
        [LoggerMessage(EventId = 1960, EventName = "OriginManagementTokensUnusable", Level = LogLevel.Warning,
            Message = "Origin management listener: {Problems}; /metrics refuses those tokens until fixed (the probes /healthz and /readyz need none)")]
        public static partial void ManagementTokensUnusable(ILogger logger, string problems);
    }
}
