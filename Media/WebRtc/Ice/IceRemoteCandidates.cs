namespace SecureStream.Media.WebRtc.Ice;

/// <summary>
/// The candidates one viewer signalled, at most <see cref="Capacity"/> (a browser gathers a
/// handful; the rest of a hostile list is ignored). Written by signalling, read by whoever
/// classifies the session's path (<see cref="IcePathClassifier"/>), from any thread.
/// </summary>
internal sealed class IceRemoteCandidates
{
    public const int Capacity = 32;

    private readonly Lock _gate = new();
    private readonly IceRemoteCandidate[] _items = new IceRemoteCandidate[Capacity];
    private int _count;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _count;
            }
        }
    }

    /// <summary>Adds one candidate; false when it is known already or the list is full.</summary>
    public bool Add(IceRemoteCandidate candidate)
    {
        lock (_gate)
        {
            if (_count == Capacity || Array.IndexOf(_items, candidate, 0, _count) >= 0)
            {
                return false;
            }

            _items[_count++] = candidate;
            return true;
        }
    }

    /// <summary>Adds every candidate line of an SDP text or trickle fragment (other lines are skipped).</summary>
    public void AddFrom(string? sdp)
    {
        if (sdp is null)
        {
            return;
        }

        foreach (var line in sdp.AsSpan().EnumerateLines())
        {
            if (IceRemoteCandidate.TryParse(line, out var candidate))
            {
                Add(candidate);
            }
        }
    }

    /// <summary>The type of the candidate signalled for exactly this transport address; null when none was.</summary>
    public IceCandidateType? TypeOf(IceTransportAddress address)
    {
        var endPoint = address.EndPoint;
        lock (_gate)
        {
            for (var i = 0; i < _count; i++)
            {
                ref readonly var candidate = ref _items[i];
                if (candidate.Protocol == address.Protocol && candidate.Port == endPoint.Port && candidate.Address.Equals(endPoint.Address))
                {
                    return candidate.Type;
                }
            }
        }

        return null;
    }
}
