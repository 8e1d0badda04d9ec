namespace SecureStream.Proxy.Hosting;

/// <summary>Start-up log messages of the host.</summary>
internal static partial class HostLog
{
    [LoggerMessage(EventId = 1400, Level = LogLevel.Warning, Message = "Created development secret {Path}; set Policy:CreateMissingDevelopmentSecrets=false in production")]
    public static partial void DevelopmentSecretCreated(ILogger logger, string path);

    // Every start, not only the first: a gateway that keeps running on the generated keys must keep saying so.
    [LoggerMessage(EventId = 1710, Level = LogLevel.Warning, Message = "Development secrets (data/dev-secrets/) are in use by {Settings}; reference your own secrets there before production")]
    public static partial void DevelopmentSecretsInUse(ILogger logger, string settings);

    [LoggerMessage(EventId = 1711, Level = LogLevel.Information, Message = "Demo cameras and the demo wall are {State}: {Why}")]
    public static partial void DemoCamerasDecided(ILogger logger, string state, string why);

    [LoggerMessage(EventId = 1800, Level = LogLevel.Information, Message = "Front door only: Origin:Destinations lists {Count} origin(s); this process pulls no camera and opens neither the origin listener nor the media port")]
    public static partial void FrontDoorOnly(ILogger logger, int count);
}
