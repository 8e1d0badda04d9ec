namespace SecureStream.FirstFrame;

/// <summary>Order statistics of a sample: nearest-rank percentiles (no interpolation), so every figure is a measured value.</summary>
internal sealed record Distribution(int Count, double P50, double P90, double P99, double Max)
{
    public static Distribution Of(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0
            ? new Distribution(0, double.NaN, double.NaN, double.NaN, double.NaN)
            : new Distribution(sorted.Length, Rank(sorted, 0.50), Rank(sorted, 0.90), Rank(sorted, 0.99), sorted[^1]);
    }

    private static double Rank(double[] sorted, double percentile) =>
        sorted[Math.Clamp((int)Math.Ceiling(percentile * sorted.Length) - 1, 0, sorted.Length - 1)];
}
