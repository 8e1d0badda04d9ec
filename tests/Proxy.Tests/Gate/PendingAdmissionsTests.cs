using System.Net;
using SecureStream.Proxy.Gate;

namespace SecureStream.Proxy.Tests.Gate;

public sealed class PendingAdmissionsTests
{
    private static readonly ClientSource Alice = ClientSource.Of(IPAddress.Parse("192.0.2.1"));
    private static readonly ClientSource Bob = ClientSource.Of(IPAddress.Parse("192.0.2.2"));

    [Fact]
    public void TryEnter_SourceAtItsShare_RefusedWhileAnotherSourceEnters()
    {
        var pending = new PendingAdmissions(maxPerSource: 3, maxTotal: 10);

        Assert.Equal([true, true, true, false], Enumerable.Range(0, 4).Select(_ => pending.TryEnter(Alice)));
        Assert.True(pending.TryEnter(Bob));
        pending.Exit(Alice);
        Assert.True(pending.TryEnter(Alice));
    }

    [Fact]
    public void TryEnter_TotalReached_RefusesEverySource()
    {
        var pending = new PendingAdmissions(maxPerSource: 2, maxTotal: 3);
        pending.TryEnter(Alice);
        pending.TryEnter(Alice);
        pending.TryEnter(Bob);

        Assert.False(pending.TryEnter(Bob));
        Assert.False(pending.TryEnter(ClientSource.Of(IPAddress.Parse("192.0.2.3"))));
        Assert.Equal(3, pending.Total);
    }

    [Fact]
    public void Exit_EverySlot_ForgetsTheSource()
    {
        var pending = new PendingAdmissions(maxPerSource: 1, maxTotal: 1);
        Assert.True(pending.TryEnter(Alice));
        pending.Exit(Alice);

        Assert.Equal(0, pending.Total);
        Assert.True(pending.TryEnter(Bob));
    }
}
