using SecureStream.Media.Cameras;
using SecureStream.Policy.Access;
using SecureStream.Proxy.Sessions;

namespace SecureStream.Proxy.Management;

/// <summary>
/// Builds OME's current statistics for the server, a virtual host, an app or one camera.
/// Connections and bytes out come from the live sessions this front door admitted; bytes in and
/// the last receive time come from <see cref="ICameraStatistics"/> (zero and the creation time
/// until the stream hub reports them); peaks from <see cref="SessionPeaks"/>; throughputs from
/// <see cref="ThroughputMeter"/>. Sessions count toward the virtual host their camera belongs to
/// (<see cref="IOriginCameras.VirtualHostOf"/>).
/// </summary>
internal sealed class CameraStatisticsView(
    SessionRegistry sessions,
    IOriginCameras registry,
    ICameraStatistics statistics,
    SessionPeaks peaks,
    ThroughputMeter throughput,
    TimeProvider time)
{
    /// <summary>OME's connection keys (its current statistics document), in its order.</summary>
    private static readonly string[] Protocols = ["dash", "file", "hls", "lldash", "llhls", "mpegtspush", "ovt", "rtmppush", "thumbnail", "webrtc"];

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
        var now = time.GetUtcNow();
        var scope = ScopeOf(virtualHost, app, camera?.Camera);
        var (peak, peakAt) = peaks.PeakOf(scope);
        var bytesIn = figures.Sum(f => f.BytesIn);
        var bytesOut = live.Sum(s => s.BytesSent);
        var (lastIn, lastOut, maxIn, maxOut) = throughput.Measure(scope, bytesIn, bytesOut, now);
        var lifetime = now - created;
        return new StatsView(
            Protocols.ToDictionary(p => p, p => p == "webrtc" ? live.Count : 0, StringComparer.Ordinal),
            created,
            figures.Select(f => f.LastInputTime).OfType<DateTimeOffset>().DefaultIfEmpty(created).Max(),
            live.Count > 0 ? now : created,
            now,
            lastIn,
            lastOut,
            peakAt ?? created,
            peak,
            bytesIn,
            bytesOut,
            live.Count,
            ThroughputMeter.Rate(bytesIn, lifetime),
            ThroughputMeter.Rate(bytesOut, lifetime),
            maxIn,
            maxOut);
    }

    /// <summary>The camera's live figures, or null while nothing pulls it.</summary>
    public CameraStatisticsSnapshot? Of(CameraPath camera) => statistics.Get(camera);

    private static string ScopeOf(string? virtualHost, string? app, CameraPath? camera) =>
        virtualHost is null ? SessionPeaks.Server
        : camera is { } path ? SessionPeaks.CameraScope(virtualHost, path)
        : app is null ? SessionPeaks.VirtualHostScope(virtualHost)
        : SessionPeaks.AppScope(virtualHost, app);
}
