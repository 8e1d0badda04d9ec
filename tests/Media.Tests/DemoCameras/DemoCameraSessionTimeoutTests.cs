using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SecureStream.DemoCameras;

namespace SecureStream.Media.Tests.DemoCameras;

/// <summary>RFC 2326 §12.37 session timeout on injected time: real sockets, no sleeping for a minute.</summary>
public sealed class DemoCameraSessionTimeoutTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UnixEpoch);
    private readonly DemoCameraServer _server;

    public DemoCameraSessionTimeoutTests() =>
        _server = new DemoCameraServer(new DemoCameraServerOptions { Port = 0 }, _time, NullLoggerFactory.Instance);

    public Task InitializeAsync() => _server.StartAsync(CancellationToken.None);

    public Task DisposeAsync() => _server.DisposeAsync().AsTask();

    [Fact]
    public async Task SilentSession_IsDroppedAfter60Seconds_KeepAliveExtendsIt()
    {
        await using var client = await RtspTestClient.ConnectAsync(_server.LocalEndPoint);
        var url = _server.GetCameraUri("lobby").ToString();
        await client.PlayAsync(url);

        _time.Advance(TimeSpan.FromSeconds(59));
        var keepAlive = await client.RequestAsync("GET_PARAMETER", url);
        _time.Advance(TimeSpan.FromSeconds(59));

        Assert.Equal(200, keepAlive.Status);
        Assert.Equal(1, _server.ActiveSessions);

        _time.Advance(TimeSpan.FromSeconds(2));

        await DemoCameraServerTests.WaitUntilAsync(() => _server.ActiveSessions == 0);
        Assert.True(await client.IsClosedByServerAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task IncompleteRequest_IsDroppedAfter60Seconds()
    {
        await using var client = await RtspTestClient.ConnectAsync(_server.LocalEndPoint);
        await client.SendRawAsync(Encoding.ASCII.GetBytes("OPTIONS * RTSP/1.0\r\nCSeq: 1\r\n"));
        await DemoCameraServerTests.WaitUntilAsync(() => _server.ActiveConnections == 1);

        _time.Advance(TimeSpan.FromSeconds(61));

        Assert.True(await client.IsClosedByServerAsync(TimeSpan.FromSeconds(5)));
        await DemoCameraServerTests.WaitUntilAsync(() => _server.ActiveConnections == 0);
    }
}
