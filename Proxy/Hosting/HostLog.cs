namespace SecureStream.Proxy.Hosting;

/// <summary>Start-up log messages of the host.</summary>
internal static partial class HostLog
{
    [LoggerMessage(EventId = 1400, Level = LogLevel.Warning, Message = "Created development secret {Path}; set Policy:CreateMissingDevelopmentSecrets=false in production")]
    public static partial void DevelopmentSecretCreated(ILogger logger, string path);
}
