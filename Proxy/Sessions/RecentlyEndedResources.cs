using SecureStream.Policy.Access;

namespace SecureStream.Proxy.Sessions;

/// <summary>
/// The WHEP resources of sessions that ended a short while ago, so that a viewer's own late
/// <c>PATCH</c>/<c>DELETE</c> is told <c>session_ended</c> instead of <c>session_not_found</c>.
/// A hang-up routinely crosses the session's end: a browser closing its peer connection sends
/// DTLS close_notify, which ends the session on the origin, and then its WHEP DELETE. Audited as
/// "not found", every normal hang-up would look like a probe for session ids to a reviewer.
/// </summary>
/// <remarks>
/// Bounded in time (<see cref="Retention"/>) and in count (<see cref="Capacity"/>, oldest
/// forgotten first); pruned while remembering, so it needs no timer. A forgotten resource is
/// answered <c>session_not_found</c>, which is still correct. The resource id is an unguessable
/// capability (RFC 9725), so telling "ended" from "never existed" tells nothing to someone who
/// does not already hold it.
/// </remarks>
internal sealed class RecentlyEndedResources(TimeProvider time)
{
    public const int Capacity = 16_384;

    public static readonly TimeSpan Retention = TimeSpan.FromMinutes(2);

    private readonly Dictionary<string, (CameraPath Camera, bool AnyCamera, long EndedAt)> _ended = new(StringComparer.Ordinal);
    private readonly Queue<(string Resource, long EndedAt)> _order = new();
    private readonly Lock _gate = new();

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _ended.Count;
            }
        }
    }

    /// <param name="anyCamera">The session's URL was rewritten (the webhook's <c>new_url</c>): its resource may be addressed under either camera.</param>
    public void Remember(string resourceId, CameraPath camera, bool anyCamera)
    {
        ArgumentNullException.ThrowIfNull(resourceId);
        var now = time.GetTimestamp();
        lock (_gate)
        {
            while (_order.TryPeek(out var oldest) && (_order.Count >= Capacity || time.GetElapsedTime(oldest.EndedAt, now) > Retention))
            {
                _order.Dequeue();
                if (_ended.TryGetValue(oldest.Resource, out var entry) && entry.EndedAt == oldest.EndedAt)
                {
                    _ended.Remove(oldest.Resource);
                }
            }

            _ended[resourceId] = (camera, anyCamera, now);
            _order.Enqueue((resourceId, now));
        }
    }

    /// <summary>True when <paramref name="resourceId"/> was a session of <paramref name="camera"/> that ended within <see cref="Retention"/>.</summary>
    public bool Contains(string resourceId, CameraPath camera)
    {
        ArgumentNullException.ThrowIfNull(resourceId);
        lock (_gate)
        {
            return _ended.TryGetValue(resourceId, out var entry)
                && (entry.AnyCamera || entry.Camera == camera)
                && time.GetElapsedTime(entry.EndedAt) <= Retention;
        }
    }
}
