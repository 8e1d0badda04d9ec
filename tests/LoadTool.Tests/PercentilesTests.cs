namespace SecureStream.LoadTool.Tests;

public sealed class PercentilesTests
{
    private static readonly double[] OneToHundred = [.. Enumerable.Range(1, 100).Select(i => (double)i).Reverse()];

    [Theory]
    [InlineData(50, 50)]
    [InlineData(99, 99)]
    [InlineData(100, 100)]
    [InlineData(1, 1)]
    [InlineData(0.5, 1)]
    public void Of_OneToHundredUnsorted_NearestRank(double percentile, double expected)
    {
        Assert.Equal(expected, Percentiles.Of(OneToHundred, percentile));
    }

    [Fact]
    public void Of_FewValues_P99IsTheLargest()
    {
        Assert.Equal(900, Percentiles.Of([120, 900, 130], 99));
        Assert.Equal(130, Percentiles.Of([120, 900, 130], 50));
    }

    [Fact]
    public void Of_Empty_Null()
    {
        Assert.Null(Percentiles.Of([], 50));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(100.5)]
    public void Of_OutOfRange_Throws(double percentile)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Percentiles.Of([1], percentile));
    }
}
