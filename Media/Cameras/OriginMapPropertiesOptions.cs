namespace SecureStream.Media.Cameras;

/// <summary><c>OriginMap:Origins:N:Properties</c>: per-origin timeouts; unset = the map's defaults.</summary>
public sealed class OriginMapPropertiesOptions
{
    public int? NoInputFailoverTimeoutMs { get; set; }

    public int? UnusedStreamDeletionTimeoutMs { get; set; }
}
