using SecureStream.Policy.Access;

namespace SecureStream.Media.Cameras;

/// <summary>
/// Extension point for the stream hub: live state, tracks and input counters of a camera, shown by
/// the management API (<c>GET …/streams/{s}</c> and <c>/v1/stats/current…</c>). Until the hub
/// exists, <see cref="NullCameraStatistics"/> is registered and the API shows an idle camera with
/// no tracks and zero input. The hub replaces it by registering its own implementation before
/// <c>AddCameraRegistry()</c> (which only adds the null one when none is registered).
/// </summary>
/// <remarks>Part of the origin's face (docs/architecture.md, "The origin's face"): the management API's stream and statistics views read a camera's live figures through it.</remarks>
public interface ICameraStatistics
{
    /// <summary>The camera's live figures, or null when nothing pulls it.</summary>
    CameraStatisticsSnapshot? Get(CameraPath camera);

    /// <summary>
    /// The cameras pulled now, also those the registry cannot list (an app-wide Location, Redis),
    /// so the operator console shows every camera that is in use. Bounded by the hub's pulls.
    /// </summary>
    IReadOnlyList<CameraPath> Pulled() => [];
}
