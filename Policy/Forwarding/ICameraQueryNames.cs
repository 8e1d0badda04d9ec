using SecureStream.Policy.Access;

namespace SecureStream.Policy.Forwarding;

/// <summary>
/// The parameter names a camera's registered URL already carries in its query, which a viewer's
/// forwarded parameters may not name again (<see cref="ForwardingRules.Build"/>). Empty when the
/// camera does not take forwarded parameters or its URLs are not known here (the origin then checks).
/// </summary>
internal interface ICameraQueryNames
{
    /// <summary>The names, compared case-insensitively; never null.</summary>
    ValueTask<IReadOnlySet<string>> FixedNamesAsync(CameraPath camera, CancellationToken cancellationToken);
}
