using SecureStream.Policy.Access;

namespace SecureStream.Media.Cameras;

/// <summary>
/// The origin's camera registry as the front door sees it (part of the origin's face,
/// docs/architecture.md "The origin's face"): the gate asks whether a camera exists before anything
/// is contacted, and the management API lists, registers and removes cameras in OME's shapes. The
/// registry itself (its three sources and their lookup order) stays inside the origin.
/// Security invariant: nothing here hands out a camera credential; URLs leave only through
/// <see cref="CameraUrl.ToString"/>, which redacts them.
/// </summary>
public interface IOriginCameras
{
    /// <summary>When the registry was built (at host start): OME's <c>createdTime</c> of the server.</summary>
    DateTimeOffset CreatedAt { get; }

    /// <summary>Properties for API and Redis cameras that set none: the <c>OriginMap</c> timeouts, no query forwarding.</summary>
    CameraProperties Defaults { get; }

    /// <summary>The virtual hosts the management API serves.</summary>
    IReadOnlyList<string> VirtualHosts { get; }

    /// <summary>True when <paramref name="virtualHost"/> is one of <see cref="VirtualHosts"/>.</summary>
    bool HasVirtualHost(string virtualHost);

    /// <summary>The virtual host a camera belongs to: its API registration's, else the first configured one.</summary>
    string VirtualHostOf(CameraPath camera);

    /// <summary>The camera's registration from the first source that knows it, or null.</summary>
    ValueTask<CameraRegistration?> FindAsync(CameraPath camera, CancellationToken cancellationToken);

    /// <summary>
    /// The camera as the gate needs it, or null when no source knows it: the query names its URLs
    /// fix (a forwarded parameter may not override them; computed here so the front door never
    /// sees an unredacted URL) and whether it has a substream.
    /// </summary>
    ValueTask<CatalogCamera?> FindForGateAsync(CameraPath camera, CancellationToken cancellationToken);

    /// <summary>The listable cameras of one app in <paramref name="virtualHost"/>, sorted by name.</summary>
    IReadOnlyList<CameraPath> List(string virtualHost, string app);

    /// <summary>The apps of <paramref name="virtualHost"/>, sorted.</summary>
    IReadOnlyList<string> Apps(string virtualHost);

    /// <summary>True when the app has a static Location or an API registration in <paramref name="virtualHost"/>.</summary>
    bool HasApp(string virtualHost, string app);

    /// <summary>Registers a camera through the management API (kept in the registry file).</summary>
    Task<CameraStoreOutcome> RegisterAsync(CameraRegistration registration, CancellationToken cancellationToken);

    /// <summary>Removes an API registration; static and Redis cameras are changed where they are defined.</summary>
    Task<CameraStoreOutcome> RemoveAsync(CameraPath camera, CancellationToken cancellationToken);
}
