namespace SecureStream.Proxy.Gate;

/// <summary>
/// Caps gate evaluations in flight — those waiting on the admission webhook, the link-use store
/// or the journal — per source and in total, so one source that stalls its admissions (or finds
/// a slow webhook) cannot hold every pending slot (docs/security.md "Refusals, lockout and
/// pending admissions"). A source over its share is refused at once with 429
/// <c>too_many_pending</c>.
/// </summary>
/// <remarks>Security invariant: memory is bounded by the total cap (one counter per source with a pending evaluation).</remarks>
internal sealed class PendingAdmissions(int maxPerSource, int maxTotal)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<ClientSource, int> _bySource = [];
    private int _total;

    /// <summary>Evaluations in flight now.</summary>
    public int Total
    {
        get
        {
            lock (_lock)
            {
                return _total;
            }
        }
    }

    /// <summary>Takes a slot for <paramref name="source"/>; false when its share or the total is used up.</summary>
    public bool TryEnter(ClientSource source)
    {
        lock (_lock)
        {
            _bySource.TryGetValue(source, out var held);
            if (held >= maxPerSource || _total >= maxTotal)
            {
                return false;
            }

            _bySource[source] = held + 1;
            _total++;
            return true;
        }
    }

    /// <summary>Returns a slot taken by <see cref="TryEnter"/>.</summary>
    public void Exit(ClientSource source)
    {
        lock (_lock)
        {
            var held = _bySource[source] - 1;
            if (held == 0)
            {
                _bySource.Remove(source);
            }
            else
            {
                _bySource[source] = held;
            }

            _total--;
        }
    }
}
