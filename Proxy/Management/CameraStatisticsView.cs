using SecureStream.Media.Cameras;
using SecureStream.Policy.Access;
using SecureStream.Proxy.Sessions;

namespace SecureStream.Proxy.Management;

/// <summary>
/// Builds OME's current statistics for the server, a virtual host, an app or one camera.
/// Connections and bytes out come from the live sessions this front door admitted; bytes in and
/// the last receive time come from <see cref="ICameraStatistics"/> (zero and the creation time
/// until the stream hub reports them). Sessions count toward the virtual host their camera belongs
/// to (<see cref="CameraRegistry.VirtualHostOf"/>).
/// </summary>
internal sealed class CameraStatisticsView(SessionRegistry sessions, CameraRegistry registry, ICameraStatistics statistics, TimeProvider time)
{
    private static readonly string[] Protocols = ["webrtc", "llhls", "hlsv3", "ovt", "file", "push", "srt", "thumbnail"];

    /// <summary>Statistics of everything that matches: null parts are wildcards.</summary>
    public StatsView For(string? virtualHost, string? app, CameraRegistration? camera)
    {
        var live = sessions.All
            .Where(s => (camera is null || s.Camera == camera.Camera) &&
                        (app is null || s.Camera.App == app) &&
                        (virtualHost is null || registry.VirtualHostOf(s.Camera) == virtualHost))
            .ToList();
        var cameras = camera is null ? live.Select(s => s.Camera).Distinct().ToList() : [camera.Camera];
        var figures = cameras.Select(statistics.Get).OfType<CameraStatisticsSnapshot>().ToList();
        var created = camera?.CreatedAt ?? registry.CreatedAt;
        var connections = Protocols.ToDictionary(p => p, p => p == "webrtc" ? live.Count : 0, StringComparer.Ordinal);
        return new StatsView(
            connections,
            live.Count,
            figures.Sum(f => f.BytesIn),
            live.Sum(s => s.BytesSent),
            created,
            time.GetUtcNow(),
            figures.Select(f => f.LastInputTime).OfType<DateTimeOffset>().DefaultIfEmpty(created).Max(),
            created);
    }

    /// <summary>The camera's live figures, or null while nothing pulls it.</summary>
    public CameraStatisticsSnapshot? Of(CameraPath camera) => statistics.Get(camera);
}
