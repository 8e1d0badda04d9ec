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
/// <c>tracks_changed</c>); viewers of the old one keep it until they end. Sessions hold a
/// <see cref="Lease"/> on their camera while they send; when the last one ends the camera's
/// packetizers are removed, so memory follows what is watched, not what was ever watched.
/// </remarks>
internal sealed class CameraTrackPacketizers
{
    private readonly ConcurrentDictionary<(CameraPath Camera, int TrackId), OutboundTrackPacketizer> _packetizers = new();
    private readonly Dictionary<CameraPath, int> _leases = [];
    private readonly Lock _leaseLock = new();

    /// <summary>
    /// Marks <paramref name="camera"/> in use until the lease is disposed; take it before
    /// <see cref="GetOrAdd"/>. The last lease released removes the camera's packetizers.
    /// </summary>
    public IDisposable Lease(CameraPath camera)
    {
        lock (_leaseLock)
        {
            _leases[camera] = _leases.GetValueOrDefault(camera) + 1;
        }

        return new CameraLease(this, camera);
    }

    private void Release(CameraPath camera)
    {
        lock (_leaseLock)
        {
            var left = _leases[camera] - 1;
            if (left > 0)
            {
                _leases[camera] = left;
                return;
            }

            _leases.Remove(camera);
            Remove(camera);
        }
    }

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

    private sealed class CameraLease(CameraTrackPacketizers owner, CameraPath camera) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Release(camera);
            }
        }
    }

    private static bool Compatible(TrackDescription existing, TrackDescription track) =>
        existing.Codec == track.Codec && existing.ClockRate == track.ClockRate && existing.Kind == track.Kind;
}
