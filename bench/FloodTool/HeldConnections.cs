namespace SecureStream.FloodTool;

/// <summary>Connections a flood holds open: how many it opened, how many the gateway cut, and how long they lived.</summary>
internal sealed class HeldConnections
{
    private long _opened;
    private long _refused;
    private long _closedByServer;
    private long _heldMillisecondsTotal;
    private long _heldMillisecondsMax;
    private long _open;

    public void Opened()
    {
        Interlocked.Increment(ref _opened);
        Interlocked.Increment(ref _open);
    }

    /// <summary>The connect itself failed (the listener's backlog or the gateway refused it).</summary>
    public void Refused() => Interlocked.Increment(ref _refused);

    /// <summary>An opened connection ended; <paramref name="byServer"/> when the gateway closed or reset it.</summary>
    public void Ended(TimeSpan held, bool byServer)
    {
        Interlocked.Decrement(ref _open);
        if (byServer)
        {
            Interlocked.Increment(ref _closedByServer);
        }

        var ms = (long)held.TotalMilliseconds;
        Interlocked.Add(ref _heldMillisecondsTotal, ms);
        long max;
        while (ms > (max = Interlocked.Read(ref _heldMillisecondsMax)) && Interlocked.CompareExchange(ref _heldMillisecondsMax, ms, max) != max)
        {
        }
    }

    public long OpenNow => Interlocked.Read(ref _open);

    public HeldReport Snapshot()
    {
        var closed = Interlocked.Read(ref _closedByServer);
        return new HeldReport(
            Interlocked.Read(ref _opened),
            Interlocked.Read(ref _refused),
            closed,
            OpenNow,
            closed == 0 ? null : Interlocked.Read(ref _heldMillisecondsTotal) / 1000.0 / Math.Max(1, Interlocked.Read(ref _opened) - OpenNow),
            Interlocked.Read(ref _heldMillisecondsMax) / 1000.0);
    }
}
