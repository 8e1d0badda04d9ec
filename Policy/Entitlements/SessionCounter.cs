namespace SecureStream.Policy.Entitlements;

/// <summary>The live session count of one cap key; changed only with interlocked operations.</summary>
internal sealed class SessionCounter
{
    private int _active;

    public int Active => Volatile.Read(ref _active);

    /// <summary>Adds one session unless that would exceed <paramref name="maxSessions"/> (null = no cap).</summary>
    public bool TryIncrement(int? maxSessions)
    {
        while (true)
        {
            var current = Volatile.Read(ref _active);
            if (current >= maxSessions)
            {
                return false;
            }

            // Compare-and-swap so two racing requests can never both take the last slot.
            if (Interlocked.CompareExchange(ref _active, current + 1, current) == current)
            {
                return true;
            }
        }
    }

    public void Decrement() => Interlocked.Decrement(ref _active);
}
