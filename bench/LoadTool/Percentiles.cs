namespace SecureStream.LoadTool;

/// <summary>Order statistics of a sample, nearest-rank (the value a viewer actually saw, never an interpolation).</summary>
internal static class Percentiles
{
    /// <summary>
    /// The nearest-rank <paramref name="percentile"/> (0–100] of <paramref name="values"/>: the
    /// smallest value with at least that share of the sample at or below it. Null when empty.
    /// </summary>
    public static double? Of(IEnumerable<double> values, double percentile)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(percentile);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percentile, 100);
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return null;
        }

        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Length);
        return sorted[Math.Clamp(rank, 1, sorted.Length) - 1];
    }
}
