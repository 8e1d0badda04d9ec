using SecureStream.Policy.Access;

namespace SecureStream.Media.WebRtc.Ice;

/// <summary>
/// The ICE-TCP connections that have not brought a verified check yet, with a global bound and a
/// per-source share (<see cref="SourceAddress"/>). A connection leaves the pool when its first
/// check is verified (it then belongs to a session) or when it closes.
/// </summary>
/// <remarks>
/// Security invariant: one source never holds more than its share, and when the pool is full a
/// newcomer from a source that holds fewer than the largest holder takes the place of that
/// holder's oldest connection, so a viewer behind a UDP-blocking firewall gets a connection even
/// while other sources hold the whole pool idle. A full pool costs a newcomer one scan of the
/// sources in it (at most the pool's size), never a read or an allocation per held connection.
/// </remarks>
internal sealed class IceTcpUnverifiedPool<T>
    where T : class
{
    private readonly Lock _gate = new();
    private readonly Dictionary<UInt128, LinkedList<T>> _bySource = [];
    private readonly Dictionary<T, (UInt128 Source, LinkedListNode<T> Node)> _members = new(ReferenceEqualityComparer.Instance);
    private readonly int _capacity;
    private readonly int _perSource;

    public IceTcpUnverifiedPool(int capacity, int perSource)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(perSource, 1);
        _capacity = capacity;
        _perSource = perSource;
    }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _members.Count;
            }
        }
    }

    public int CountFrom(UInt128 source)
    {
        lock (_gate)
        {
            return _bySource.TryGetValue(source, out var list) ? list.Count : 0;
        }
    }

    /// <summary>
    /// Puts <paramref name="connection"/> in the pool, or refuses it. With
    /// <paramref name="outsideRoom"/> false (the listener's total is full) it only gets in by
    /// eviction. <paramref name="evicted"/> is the connection whose place it took: close it.
    /// </summary>
    public IceTcpAdmission Admit(UInt128 source, T connection, bool outsideRoom, out T? evicted)
    {
        ArgumentNullException.ThrowIfNull(connection);
        evicted = null;
        lock (_gate)
        {
            var held = _bySource.TryGetValue(source, out var own) ? own.Count : 0;
            if (held >= _perSource)
            {
                return IceTcpAdmission.RefusedOverShare;
            }

            var admission = IceTcpAdmission.Admitted;
            if (_members.Count >= _capacity || !outsideRoom)
            {
                LinkedList<T>? largest = null;
                foreach (var list in _bySource.Values)
                {
                    if (largest is null || list.Count > largest.Count)
                    {
                        largest = list;
                    }
                }

                if (largest is null || largest.Count <= held)
                {
                    return IceTcpAdmission.RefusedPoolFull;
                }

                evicted = largest.First!.Value;
                RemoveLocked(evicted);
                admission = IceTcpAdmission.AdmittedByEviction;
            }

            if (own is null)
            {
                own = new LinkedList<T>();
                _bySource.Add(source, own);
            }

            _members.Add(connection, (source, own.AddLast(connection)));
            return admission;
        }
    }

    /// <summary>Takes a connection out (verified or closed); false when it was not in the pool.</summary>
    public bool Remove(T connection)
    {
        lock (_gate)
        {
            return RemoveLocked(connection);
        }
    }

    private bool RemoveLocked(T connection)
    {
        if (!_members.Remove(connection, out var member))
        {
            return false;
        }

        var list = _bySource[member.Source];
        list.Remove(member.Node);
        if (list.Count == 0)
        {
            _bySource.Remove(member.Source);
        }

        return true;
    }
}
