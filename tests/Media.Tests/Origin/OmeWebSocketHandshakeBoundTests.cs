using System.Net.WebSockets;
using SecureStream.Policy.Tickets;

namespace SecureStream.Media.Tests.Origin;

/// <summary>
/// The time from the WebSocket upgrade to the player's first message is bounded (10 s,
/// docs/security.md, "Connections and request bounds"): a player that upgrades and then says
/// nothing is cut off, with no camera contacted.
/// </summary>
public sealed class OmeWebSocketHandshakeBoundTests
{
    [Fact]
    public async Task SilentAfterUpgrade_ConnectionEndedByTheOrigin()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var origin = await OriginUnderTest.StartAsync();
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader(TicketIssuer.HeaderName, origin.Ticket());
        await socket.ConnectAsync(new Uri("ws://" + origin.BaseAddress.Authority + "/app/cam1"), deadline.Token);

        // The origin stops waiting and aborts the socket (a reset) or closes it; either ends it.
        var ended = false;
        try
        {
            var buffer = new byte[4096];
            while (!ended)
            {
                ended = (await socket.ReceiveAsync(buffer.AsMemory(), deadline.Token)).MessageType == WebSocketMessageType.Close;
            }
        }
        catch (WebSocketException)
        {
            ended = true;
        }

        Assert.True(ended);
        Assert.False(deadline.IsCancellationRequested);
        Assert.Equal(0, origin.Cameras.Created);
    }
}
