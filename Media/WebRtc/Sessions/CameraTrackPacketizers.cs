using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using SecureStream.Media.Frames;
using SecureStream.Media.Streams;
using SecureStream.Media.WebRtc.Rtp;

namespace SecureStream.Media.WebRtc.Sessions;

/// <summary>
/// The one <see cref="OutboundTrackPacketizer"/> per pulled track that every viewer of that pull
/// shares ("packetize once, encrypt per viewer"), keyed by pull and track id. Keyed by pull, not
/// camera: a camera's main stream and substream, or two forwarded-query variants, are different
/// streams whose frames must never share one packetizer's sequence numbers.
/// </summary>
/// <remarks>
/// A packetizer is replaced when the track's codec or clock rate changes (a new stream after
/// <c>tracks_changed</c>); viewers of the old one keep it until they end. Sessions hold a
/// <see cref="Lease"/> on their pull while they send; when the last one ends the pull's
/// packetizers are removed, so memory follows what is watched, not what was ever watched.
/// </remarks>
internal sealed class CameraTrackPacketizers
{
    private readonly ConcurrentDictionary<(PullKey Pull, int TrackId), OutboundTrackPacketizer> _packetizers = new();
    private readonly Dictionary<PullKey, int> _leases = [];
    private readonly Lock _leaseLock = new();
    private readonly TimeSpan _retransmissionWindow;

    /// <summary>Packetizers whose retransmission history keeps <see cref="RetransmissionHistory.DefaultWindow"/>.</summary>
    public CameraTrackPacketizers()
        : this(RetransmissionHistory.DefaultWindow)
    {
    }

    /// <summary>Packetizers whose retransmission history keeps <see cref="WebRtcSessionOptions.RetransmissionWindow"/>.</summary>
    public CameraTrackPacketizers(IOptions<WebRtcSessionOptions> options)
        : this((options ?? throw new ArgumentNullException(nameof(options))).Value.RetransmissionWindow)
    {
    }

    private CameraTrackPacketizers(TimeSpan retransmissionWindow)
    {
        _retransmissionWindow = retransmissionWindow;
    }

    /// <summary>
    /// Marks <paramref name="pull"/> in use until the lease is disposed; take it before
    /// <see cref="GetOrAdd"/>. The last lease released removes the pull's packetizers.
    /// </summary>
    public IDisposable Lease(PullKey pull)
    {
        lock (_leaseLock)
        {
            _leases[pull] = _leases.GetValueOrDefault(pull) + 1;
        }

        return new PullLease(this, pull);
    }

    private void Release(PullKey pull)
    {
        lock (_leaseLock)
        {
            var left = _leases[pull] - 1;
            if (left > 0)
            {
                _leases[pull] = left;
                return;
            }

            _leases.Remove(pull);
            Remove(pull);
        }
    }

    public int Count => _packetizers.Count;

    /// <summary>How many tracks of <paramref name="pull"/> have a packetizer.</summary>
    public int CountOf(PullKey pull) => _packetizers.Keys.Count(k => k.Pull == pull);

    /// <summary>The packetizer of <paramref name="track"/> on <paramref name="pull"/>, made on first use.</summary>
    public OutboundTrackPacketizer GetOrAdd(PullKey pull, TrackDescription track)
    {
        ArgumentNullException.ThrowIfNull(track);
        return _packetizers.AddOrUpdate(
            (pull, track.TrackId),
            static (_, a) => OutboundTrackPacketizer.Create(a.Track, a.Window),
            static (_, existing, a) => Compatible(existing.Track, a.Track) ? existing : OutboundTrackPacketizer.Create(a.Track, a.Window),
            (Track: track, Window: _retransmissionWindow));
    }

    /// <summary>Forgets every packetizer of <paramref name="pull"/>; returns how many were removed.</summary>
    public int Remove(PullKey pull)
    {
        var removed = 0;
        foreach (var key in _packetizers.Keys)
        {
            if (key.Pull == pull && _packetizers.TryRemove(key, out _))
            {
                removed++;
            }
        }

        return removed;
    }

    private sealed class PullLease(CameraTrackPacketizers owner, PullKey pull) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Release(pull);
            }
        }
    }

    private static bool Compatible(TrackDescription existing, TrackDescription track) =>
        existing.Codec == track.Codec && existing.ClockRate == track.ClockRate && existing.Kind == track.Kind;
}
