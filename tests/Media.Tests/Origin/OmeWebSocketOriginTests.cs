using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using SecureStream.Policy.Access;
using SecureStream.Policy.Tickets;

namespace SecureStream.Media.Tests.Origin;

/// <summary>
/// The origin's side of the OME WebSocket protocol (docs/playback.md) with a real WebSocket:
/// message shapes OvenPlayer relies on, and errors as <c>{"code","error"}</c> before the close.
/// </summary>
public sealed class OmeWebSocketOriginTests
{
    // A fresh 30 s bound at each use: one token for the whole class ran out while a loaded machine
    // (the whole suite in parallel) was still working through the class's tests.
#pragma warning disable CA2000 // Left to its timer: disposing would cancel the request it bounds.
    private static CancellationToken Timeout => new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;
#pragma warning restore CA2000

    [Theory]
    [InlineData("forged", "ticket_invalid")]
    [InlineData(null, "ticket_missing")]
    public async Task BadTicket_Http401BeforeUpgradeAndNoCameraContacted(string? ticket, string reason)
    {
        await using var origin = await OriginUnderTest.StartAsync();

        var (status, body) = await ConnectRefusedAsync(origin, "/app/cam1", ticket);

        Assert.Equal(401, status);
        Assert.Equal(reason, body.RootElement.GetProperty("reason").GetString());
        Assert.Equal(0, origin.Cameras.Created);
    }

    [Fact]
    public async Task RequestOffer_OfferWithIdPeerIdAndCandidates()
    {
        await using var origin = await OriginUnderTest.StartAsync();
        using var socket = await ConnectAsync(origin, "/app/cam1", origin.Ticket());

        await SendAsync(socket, """{"command":"request_offer"}""");
        using var offer = await ReceiveJsonAsync(socket);

        var root = offer.RootElement;
        Assert.Equal("offer", root.GetProperty("command").GetString());
        Assert.InRange(root.GetProperty("id").GetInt64(), 1, int.MaxValue);
        Assert.Equal(0, root.GetProperty("peer_id").GetInt32());
        Assert.Equal(200, root.GetProperty("code").GetInt32());
        Assert.Equal("offer", root.GetProperty("sdp").GetProperty("type").GetString());
        var sdp = root.GetProperty("sdp").GetProperty("sdp").GetString()!;
        Assert.Contains("a=setup:actpass", sdp, StringComparison.Ordinal);
        Assert.Contains("a=group:BUNDLE", sdp, StringComparison.Ordinal);
        Assert.Contains("a=sendonly", sdp, StringComparison.Ordinal);
        var candidate = Assert.Single(root.GetProperty("candidates").EnumerateArray(), c => c.GetProperty("candidate").GetString()!.Contains(" udp ", StringComparison.Ordinal));
        Assert.StartsWith("candidate:", candidate.GetProperty("candidate").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, candidate.GetProperty("sdpMLineIndex").GetInt32());
        Assert.Equal(1, origin.Cameras.Created);
    }

    [Fact]
    public async Task AnswerWithWrongId_InvalidIdThenClose()
    {
        await using var origin = await OriginUnderTest.StartAsync();
        using var socket = await ConnectAsync(origin, "/app/cam1", origin.Ticket());
        await SendAsync(socket, """{"command":"request_offer"}""");
        using var offer = await ReceiveJsonAsync(socket);
        var wrongId = offer.RootElement.GetProperty("id").GetInt64() + 1;

        await SendAsync(socket, "{\"command\":\"answer\",\"id\":" + wrongId + ",\"peer_id\":0,\"sdp\":{\"type\":\"answer\",\"sdp\":\"v=0\"}}");
        using var error = await ReceiveJsonAsync(socket);

        Assert.Equal(400, error.RootElement.GetProperty("code").GetInt32());
        Assert.Equal("Invalid ID", error.RootElement.GetProperty("error").GetString());
        Assert.Equal(WebSocketMessageType.Close, (await socket.ReceiveAsync(new byte[64], Timeout)).MessageType);
        Assert.Equal(0, origin.Viewers.Count);
    }

    [Fact]
    public async Task UnknownCamera_Http404BeforeUpgrade()
    {
        await using var origin = await OriginUnderTest.StartAsync();
        var camera = new CameraPath("other", "cam9");

        var (status, body) = await ConnectRefusedAsync(origin, "/other/cam9", origin.Ticket(camera));

        Assert.Equal(404, status);
        Assert.Equal("camera_not_found", body.RootElement.GetProperty("reason").GetString());
        Assert.Equal(0, origin.Cameras.Created);
    }

    [Theory]
    [InlineData("""{"command":"answer"}""")]
    [InlineData("""not json""")]
    [InlineData("""[1,2,3]""")]
    public async Task FirstMessageNotRequestOffer_400AndNoCameraContacted(string message)
    {
        await using var origin = await OriginUnderTest.StartAsync();
        using var socket = await ConnectAsync(origin, "/app/cam1", origin.Ticket());

        await SendAsync(socket, message);
        using var error = await ReceiveJsonAsync(socket);

        Assert.Equal(400, error.RootElement.GetProperty("code").GetInt32());
        Assert.Equal("request_offer_expected", error.RootElement.GetProperty("error").GetString());
        Assert.Equal(0, origin.Cameras.Created);
    }

    [Fact]
    public async Task OversizedMessage_RefusedWithoutBufferingItAll()
    {
        await using var origin = await OriginUnderTest.StartAsync();
        using var socket = await ConnectAsync(origin, "/app/cam1", origin.Ticket());

        await SendAsync(socket, "{\"command\":\"request_offer\",\"pad\":\"" + new string('x', 200 * 1024) + "\"}");
        using var error = await ReceiveJsonAsync(socket);

        Assert.Equal("request_offer_expected", error.RootElement.GetProperty("error").GetString());
        Assert.Equal(0, origin.Cameras.Created);
    }

    private static async Task<ClientWebSocket> ConnectAsync(OriginUnderTest origin, string path, string ticket)
    {
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader(TicketIssuer.HeaderName, ticket);
        await socket.ConnectAsync(new Uri("ws://" + origin.BaseAddress.Authority + path), Timeout);
        return socket;
    }

    /// <summary>
    /// Sends a WebSocket upgrade over a plain TCP socket and reads the whole answer, so the test
    /// sees exactly what a refused client gets: the HTTP status (never 101) and the problem body.
    /// </summary>
    private static async Task<(int Status, JsonDocument Body)> ConnectRefusedAsync(OriginUnderTest origin, string path, string? ticket)
    {
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(origin.BaseAddress.Host, origin.BaseAddress.Port, Timeout);
        var stream = tcp.GetStream();
        var head = "GET " + path + " HTTP/1.1\r\nHost: " + origin.BaseAddress.Authority +
            "\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n" +
            (ticket is null ? string.Empty : TicketIssuer.HeaderName + ": " + ticket + "\r\n") + "Connection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), Timeout);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var response = await reader.ReadToEndAsync(Timeout);
        var status = int.Parse(response.AsSpan(9, 3), System.Globalization.CultureInfo.InvariantCulture);
        var separator = response.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        Assert.DoesNotContain("101", response[..12], StringComparison.Ordinal);
        Assert.Contains("application/problem+json", response[..separator], StringComparison.Ordinal);
        var body = response[(separator + 4)..];
        // Chunked: the JSON object sits between the chunk size line and the terminating chunk.
        return (status, JsonDocument.Parse(body[body.IndexOf('{', StringComparison.Ordinal)..(body.LastIndexOf('}') + 1)]));
    }

    private static Task SendAsync(ClientWebSocket socket, string text) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, Timeout);

    private static async Task<JsonDocument> ReceiveJsonAsync(ClientWebSocket socket)
    {
        var buffer = new byte[256 * 1024];
        var length = 0;
        ValueWebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer.AsMemory(length), Timeout);
            length += result.Count;
        }
        while (!result.EndOfMessage);

        Assert.Equal(WebSocketMessageType.Text, result.MessageType);
        return JsonDocument.Parse(buffer.AsMemory(0, length));
    }
}
