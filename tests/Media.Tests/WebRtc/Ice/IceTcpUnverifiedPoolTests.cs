using SecureStream.Media.WebRtc.Ice;

namespace SecureStream.Media.Tests.WebRtc.Ice;

public sealed class IceTcpUnverifiedPoolTests
{
    private const ulong SourceA = 1;
    private const ulong SourceB = 2;
    private const ulong Viewer = 3;

    [Fact]
    public void Admit_SourceAtItsShare_RefusedOverShare()
    {
        var pool = new IceTcpUnverifiedPool<object>(capacity: 100, perSource: 2);
        Admit(pool, SourceA, 2);

        Assert.Equal(IceTcpAdmission.RefusedOverShare, pool.Admit(SourceA, new object(), outsideRoom: true, out var evicted));
        Assert.Null(evicted);
        Assert.Equal(2, pool.CountFrom(SourceA));
    }

    [Fact]
    public void Admit_PoolFull_NewcomerTakesTheOldestOfTheLargestHolder()
    {
        var pool = new IceTcpUnverifiedPool<object>(capacity: 5, perSource: 4);
        var a = Admit(pool, SourceA, 2);
        var b = Admit(pool, SourceB, 3);

        var admission = pool.Admit(Viewer, new object(), outsideRoom: true, out var evicted);

        Assert.Equal(IceTcpAdmission.AdmittedByEviction, admission);
        Assert.Same(b[0], evicted);
        Assert.Equal((2, 2, 1, 5), (pool.CountFrom(SourceA), pool.CountFrom(SourceB), pool.CountFrom(Viewer), pool.Count));
        Assert.False(pool.Remove(b[0]));
        Assert.True(pool.Remove(a[1]));
    }

    [Fact]
    public void Admit_PoolFullAndNoOneHoldsMore_RefusedPoolFull()
    {
        var pool = new IceTcpUnverifiedPool<object>(capacity: 4, perSource: 3);
        Admit(pool, SourceA, 2);
        Admit(pool, SourceB, 2);

        Assert.Equal(IceTcpAdmission.RefusedPoolFull, pool.Admit(SourceA, new object(), outsideRoom: true, out var evicted));
        Assert.Null(evicted);
        Assert.Equal(4, pool.Count);
    }

    /// <summary>The listener's total is full (verified connections): only a place in the unverified pool can be taken.</summary>
    [Fact]
    public void Admit_NoRoomOutsideThePool_OnlyByEviction()
    {
        var pool = new IceTcpUnverifiedPool<object>(capacity: 10, perSource: 4);
        Assert.Equal(IceTcpAdmission.RefusedPoolFull, pool.Admit(Viewer, new object(), outsideRoom: false, out _));

        var a = Admit(pool, SourceA, 1);
        Assert.Equal(IceTcpAdmission.AdmittedByEviction, pool.Admit(Viewer, new object(), outsideRoom: false, out var evicted));
        Assert.Same(a[0], evicted);
    }

    [Fact]
    public void Remove_LastOfASource_SourceForgotten()
    {
        var pool = new IceTcpUnverifiedPool<object>(capacity: 10, perSource: 4);
        var a = Admit(pool, SourceA, 1);

        Assert.True(pool.Remove(a[0]));

        Assert.Equal((0, 0), (pool.Count, pool.CountFrom(SourceA)));
        Assert.Equal(IceTcpAdmission.Admitted, pool.Admit(SourceA, new object(), outsideRoom: true, out _));
    }

    private static List<object> Admit(IceTcpUnverifiedPool<object> pool, UInt128 source, int count)
    {
        var admitted = new List<object>();
        for (var i = 0; i < count; i++)
        {
            var connection = new object();
            Assert.Equal(IceTcpAdmission.Admitted, pool.Admit(source, connection, outsideRoom: true, out _));
            admitted.Add(connection);
        }

        return admitted;
    }
}
