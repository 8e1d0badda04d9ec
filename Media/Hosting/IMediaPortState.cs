namespace SecureStream.Media.Hosting;

/// <summary>
/// Whether the origin's media port (the ICE UDP socket and, when enabled, the ICE-TCP listener on
/// the same port number; docs/media-transport.md, "One media port") is bound now. Registered by
/// <see cref="MediaOriginServiceCollectionExtensions.AddMediaOrigin"/> for the host's readiness
/// probe (docs/operations.md): a port another process holds when the host starts is retried in
/// the background, and until it is bound no viewer can be served here.
/// </summary>
public interface IMediaPortState
{
    /// <summary>True while the port is bound and receiving; false before the first successful bind and after the host stops.</summary>
    bool IsBound { get; }
}
