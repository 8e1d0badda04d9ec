using System.Collections.Concurrent;
using SecureStream.Media.Frames;
using SecureStream.Media.WebRtc.Rtp;
using SecureStream.Policy.Access;

namespace SecureStream.Media.WebRtc.Sessions;

/// <summary>
/// The one <see cref="OutboundTrackPacketizer"/> per camera track that every viewer of that camera
/// shares ("packetize once, encrypt per viewer"), keyed by camera and track id.
/// </summary>
/// <remarks>
/// A packetizer is replaced when the track's codec or clock rate changes (a new stream after
/// <c>tracks_changed</c>); viewers of the old one keep it until they end. Entries are small and
/// are removed with <see cref="Remove"/> when the camera's stream is released.
/// </remarks>
internal sealed class CameraTrackPacketizers
{
    private readonly ConcurrentDictionary<(CameraPath Camera, int TrackId), OutboundTrackPacketizer> _packetizers = new();

    public int Count => _packetizers.Count;

    /// <summary>How many tracks of <paramref name="camera"/> have a packetizer.</summary>
    public int CountOf(CameraPath camera) => _packetizers.Keys.Count(k => k.Camera == camera);

    /// <summary>The packetizer of <paramref name="track"/> on <paramref name="camera"/>, made on first use.</summary>
    public OutboundTrackPacketizer GetOrAdd(CameraPath camera, TrackDescription track)
    {
        ArgumentNullException.ThrowIfNull(track);
        return _packetizers.AddOrUpdate(
            (camera, track.TrackId),
            static (_, t) => OutboundTrackPacketizer.Create(t),
            static (_, existing, t) => Compatible(existing.Track, t) ? existing : OutboundTrackPacketizer.Create(t),
            track);
    }

    /// <summary>Forgets every packetizer of <paramref name="camera"/>; returns how many were removed.</summary>
    public int Remove(CameraPath camera)
    {
        var removed = 0;
        foreach (var key in _packetizers.Keys)
        {
            if (key.Camera == camera && _packetizers.TryRemove(key, out _))
            {
                removed++;
            }
        }

        return removed;
    }

    private static bool Compatible(TrackDescription existing, TrackDescription track) =>
        existing.Codec == track.Codec && existing.ClockRate == track.ClockRate && existing.Kind == track.Kind;
}
