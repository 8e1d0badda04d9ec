using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using SecureStream.Media.Tests.WebRtc.Ice;
using SecureStream.Proxy.Listeners;

namespace SecureStream.Proxy.Tests.Listeners;

public sealed class ConnectionLimiterTests : IDisposable
{
    private readonly FakeTimeProvider _time = new();
    private readonly CapturingLogger<ConnectionLimits> _logger = new();
    private readonly TaskCompletionSource _hangUp = new();
    private readonly ConnectionLimiter _limiter;
    private readonly ConnectionDelegate _listener;
    private int _reachedKestrel;

    public ConnectionLimiterTests()
    {
        _limiter = new ConnectionLimiter(ListenerKind.Http, new EndpointOptions { MaxConnections = 10, MaxConnectionsPerAddress = 4 }, TimeSpan.FromSeconds(60), _time, _logger);
        _listener = _limiter.Wrap(_ =>
        {
            Interlocked.Increment(ref _reachedKestrel);
            return _hangUp.Task;
        });
    }

    public void Dispose() => _limiter.Dispose();

    [Fact]
    public async Task Wrap_TwoThousandFromOneAddress_ShareHeldRestRefusedAtOnceOneReport()
    {
        var held = Enumerable.Range(0, 4).Select(_ => _listener(Connection("192.0.2.7"))).ToList();
        var refused = Enumerable.Range(0, 2000).Select(_ => _listener(Connection("192.0.2.7"))).ToList();

        Assert.All(refused, task => Assert.True(task.IsCompletedSuccessfully));
        Assert.All(held, task => Assert.False(task.IsCompleted));
        Assert.Equal(4, _reachedKestrel);
        Assert.Equal((4, 0L, 2000L), (_limiter.Live, _limiter.RefusedOverTotal, _limiter.RefusedOverShare));
        Assert.Empty(_logger.Entries);

        _time.Advance(TimeSpan.FromSeconds(60));
        var report = Assert.Single(_logger.Entries);
        Assert.Equal((1660, LogLevel.Warning), (report.EventId.Id, report.Level));
        Assert.Contains("0 connections on accept because it was full (10) and 2000 because their source held its share (4)", report.Message, StringComparison.Ordinal);

        // Another address still gets in, and hanging up gives every place back.
        var other = _listener(Connection("198.51.100.1"));
        Assert.False(other.IsCompleted);
        _hangUp.SetResult();
        await Task.WhenAll([.. held, other]);
        Assert.Equal((0, 0), (_limiter.Live, _limiter.LiveFrom(IPAddress.Parse("192.0.2.7"))));

        // A quiet interval writes nothing.
        _time.Advance(TimeSpan.FromSeconds(120));
        Assert.Single(_logger.Entries);
    }

    [Fact]
    public void Wrap_ListenerFull_RefusedOverTotalWhateverTheSource()
    {
        for (var i = 1; i <= 10; i++)
        {
            Assert.False(_listener(Connection($"192.0.2.{i}")).IsCompleted);
        }

        Assert.True(_listener(Connection("198.51.100.1")).IsCompletedSuccessfully);

        Assert.Equal((10, 1L, 0L), (_limiter.Live, _limiter.RefusedOverTotal, _limiter.RefusedOverShare));
    }

    [Fact]
    public void Wrap_IPv6_OneShareForTheWhole64()
    {
        for (var i = 1; i <= 4; i++)
        {
            Assert.False(_listener(Connection($"2001:db8:0:1::{i}")).IsCompleted);
        }

        Assert.True(_listener(Connection("2001:db8:0:1:ffff::1")).IsCompletedSuccessfully);
        Assert.False(_listener(Connection("2001:db8:0:2::1")).IsCompleted);
    }

    private static DefaultConnectionContext Connection(string address) =>
        new() { RemoteEndPoint = new IPEndPoint(IPAddress.Parse(address), 40000) };
}
