namespace SecureStream.Media.Cameras;

/// <summary><c>OriginMap:Origins:N:Properties</c>: per-origin timeouts; unset = the map's defaults.</summary>
/// <remarks>Part of the origin's face (docs/architecture.md, "The origin's face"): the properties of an <see cref="OriginMapOriginOptions"/> entry.</remarks>
public sealed class OriginMapPropertiesOptions
{
    public int? NoInputFailoverTimeoutMs { get; set; }

    public int? UnusedStreamDeletionTimeoutMs { get; set; }
}
