namespace SecureStream.Media.Streams;

/// <summary>The short, stable codes that end a subscription or refuse a subscribe.</summary>
internal static class StreamEndReasons
{
    /// <summary>The camera stayed down past <see cref="StreamSettings.GiveUpAfter"/>.</summary>
    public const string CameraDown = "camera_down";

    /// <summary>The hub is shutting down.</summary>
    public const string HubShutdown = "hub_shutdown";

    /// <summary>After a failover the camera's codecs changed; the viewer must renegotiate.</summary>
    public const string TracksChanged = "tracks_changed";

    /// <summary>The camera was removed from the registry (or changed) while it was pulled.</summary>
    public const string CameraRemoved = "camera_removed";

    /// <summary>The subscriber disposed its subscription.</summary>
    public const string Unsubscribed = "unsubscribed";

    /// <summary>The camera did not start within <see cref="StreamSettings.StartTimeout"/>.</summary>
    public const string StartTimeout = "start_timeout";

    /// <summary>Every URL of the camera refused or failed while starting.</summary>
    public const string CameraUnreachable = "camera_unreachable";

    /// <summary>
    /// The camera already has <see cref="StreamHub.MaxVariantsPerCamera"/> pulls with different
    /// forwarded parameters; a viewer asking for yet another set is refused before any camera contact.
    /// </summary>
    public const string VariantLimit = "stream_variant_limit";
}
