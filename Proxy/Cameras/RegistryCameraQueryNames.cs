using SecureStream.Media.Cameras;
using SecureStream.Policy.Access;
using SecureStream.Policy.Forwarding;

namespace SecureStream.Proxy.Cameras;

/// <summary>
/// The gate's view of a camera URL's own query names, from the camera registry (static origin map,
/// management API, Redis), so a conflicting forwarded parameter is refused and audited before the
/// webhook and before any camera contact. Cameras known only by name (<c>Cameras:Known</c>, a
/// remote origin) give no names; their origin refuses the conflict itself.
/// </summary>
internal sealed class RegistryCameraQueryNames(IServiceProvider services) : ICameraQueryNames
{
    private static readonly IReadOnlySet<string> None = new HashSet<string>();

    // Resolved on first use, as RegistryCameraCatalog does, so building the gate does not build the registry.
    private CameraRegistry? _registry;

    public async ValueTask<IReadOnlySet<string>> FixedNamesAsync(CameraPath camera, CancellationToken cancellationToken)
    {
        var registration = await Registry.FindAsync(camera, cancellationToken);
        return registration is { Properties.ForwardQueryParams: true }
            ? ForwardQueryNames.Of(registration.Urls.Select(url => url.ToUnredactedString()))
            : None;
    }

    private CameraRegistry Registry => _registry ??= services.GetRequiredService<CameraRegistry>();
}
