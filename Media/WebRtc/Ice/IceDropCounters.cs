namespace SecureStream.Media.WebRtc.Ice;

/// <summary>Lock-free counts of dropped packets by <see cref="IceDropReason"/>, safe to bump from any thread.</summary>
internal sealed class IceDropCounters
{
    private static readonly IceDropReason[] Reasons = Enum.GetValues<IceDropReason>();

    private readonly long[] _counts = new long[Reasons.Length];
    private readonly Action? _firstUnreported;

    /// <summary>1 from the first drop after a <see cref="DeltaSince"/> until the next one.</summary>
    private int _unreported;

    /// <param name="firstUnreported">
    /// Called (on the dropping thread) by the first drop after the last <see cref="DeltaSince"/>,
    /// so the owner can schedule its report only when there is something to report instead of
    /// waking on a fixed period while nothing is dropped.
    /// </param>
    public IceDropCounters(Action? firstUnreported = null) => _firstUnreported = firstUnreported;

    public long this[IceDropReason reason] => Interlocked.Read(ref _counts[(int)reason]);

    public long Total
    {
        get
        {
            long total = 0;
            for (var i = 1; i < _counts.Length; i++)
            {
                total += Interlocked.Read(ref _counts[i]);
            }

            return total;
        }
    }

    public void Increment(IceDropReason reason)
    {
        Interlocked.Increment(ref _counts[(int)reason]);

        // A plain read first: during a flood the flag stays 1 and drops stay cheap.
        if (_firstUnreported is not null && Volatile.Read(ref _unreported) == 0 && Interlocked.Exchange(ref _unreported, 1) == 0)
        {
            _firstUnreported();
        }
    }

    /// <summary>
    /// The non-zero increases since <paramref name="lastSeen"/> (one slot per reason, updated in
    /// place), for a report once per interval; the counters themselves keep counting.
    /// </summary>
    public IReadOnlyList<KeyValuePair<IceDropReason, long>> DeltaSince(long[] lastSeen)
    {
        ArgumentNullException.ThrowIfNull(lastSeen);
        if (lastSeen.Length != _counts.Length)
        {
            throw new ArgumentException($"Pass an array of {_counts.Length} counts.", nameof(lastSeen));
        }

        // Cleared before reading: a drop counted from here on either shows in this delta or
        // calls firstUnreported again (so it is reported next time), never neither.
        Interlocked.Exchange(ref _unreported, 0);

        List<KeyValuePair<IceDropReason, long>>? result = null;
        for (var i = 1; i < _counts.Length; i++)
        {
            var count = Interlocked.Read(ref _counts[i]);
            if (count != lastSeen[i])
            {
                (result ??= []).Add(new(Reasons[i], count - lastSeen[i]));
                lastSeen[i] = count;
            }
        }

        return result ?? (IReadOnlyList<KeyValuePair<IceDropReason, long>>)[];
    }

    public static long[] CreateSnapshotArray() => new long[Reasons.Length];
}
