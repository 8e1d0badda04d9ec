using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace SecureStream.Proxy.Tests.Functional.Infrastructure;

/// <summary>What the gateway had seen before a request, so a shared gateway can be asserted on deltas.</summary>
internal sealed record GateMark(int Hits, int Decisions, int Openings);

/// <summary>
/// Requests and assertions shared by the Gate*Tests: every denial must leave the origin and the
/// webhook untouched and add exactly one deny record; every admission must reach exactly the
/// authorised path with a valid ticket and no credential.
/// </summary>
internal static class GateProbe
{
    public static GateMark Mark(GatewayUnderTest gateway) =>
        new(gateway.Origin.Hits.Count, gateway.Decisions().Count, gateway.Webhook.Openings.Count());

    /// <summary>POSTs an SDP offer; <paramref name="chunked"/> sends it without a Content-Length, as a streaming client would.</summary>
    public static Task<HttpResponseMessage> OfferAsync(
        GatewayUnderTest gateway, string url, string body = "v=0", string? bearer = null, IDictionary<string, string>? headers = null, bool chunked = false)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/sdp") };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/sdp");
        request.Headers.TransferEncodingChunked = chunked;
        if (bearer is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + bearer);
        }

        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            if (string.Equals(name, "Host", StringComparison.OrdinalIgnoreCase))
            {
                request.Headers.Host = value;
            }
            else
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return gateway.Client.SendAsync(request);
    }

    /// <summary>Writes a request line byte for byte (HttpClient would normalise it) and reads the status and body.</summary>
    public static async Task<(int Status, string Body)> RawAsync(GatewayUnderTest gateway, string target, string method = "POST", string? host = null)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", gateway.HttpPort);
        var stream = client.GetStream();
        var head = $"{method} {target} HTTP/1.1\r\nHost: {host ?? "127.0.0.1:" + gateway.HttpPort}\r\nContent-Type: application/sdp\r\nContent-Length: 3\r\nConnection: close\r\n\r\nv=0";
        await stream.WriteAsync(Encoding.UTF8.GetBytes(head));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var response = await reader.ReadToEndAsync();
        var statusLine = response.Split("\r\n", 2)[0];
        var status = int.Parse(statusLine.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var split = response.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (split < 0)
        {
            return (status, string.Empty);
        }

        var body = response[(split + 4)..];
        var chunked = response[..split].Contains("transfer-encoding: chunked", StringComparison.OrdinalIgnoreCase);
        return (status, chunked ? Dechunk(body) : body);
    }

    private static string Dechunk(string body)
    {
        var text = new StringBuilder();
        var position = 0;
        while (position < body.Length)
        {
            var lineEnd = body.IndexOf("\r\n", position, StringComparison.Ordinal);
            if (lineEnd < 0)
            {
                break;
            }

            var size = int.Parse(body[position..lineEnd], System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);
            if (size == 0)
            {
                break;
            }

            text.Append(body, lineEnd + 2, size);
            position = lineEnd + 2 + size + 2;
        }

        return text.ToString();
    }

    /// <summary>
    /// Asserts an offer was admitted (201); when it was not, the failure names the problem
    /// document's reason, which a bare status comparison would lose.
    /// </summary>
    public static async Task AssertCreatedAsync(HttpResponseMessage response)
    {
        if (response.StatusCode != System.Net.HttpStatusCode.Created)
        {
            Assert.Fail($"expected 201 Created, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    public static async Task AssertDeniedAsync(GatewayUnderTest gateway, GateMark before, HttpResponseMessage response, int status, string reason)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal((status, reason), ((int)response.StatusCode, ReasonOf(body)));
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        AssertDenied(gateway, before, status, body, reason);
    }

    public static void AssertDenied(GatewayUnderTest gateway, GateMark before, int actualStatus, string problemJson, string reason, int? status = null)
    {
        if (status is { } expected)
        {
            Assert.Equal((expected, reason), (actualStatus, ReasonOf(problemJson)));
        }

        using (var problem = JsonDocument.Parse(problemJson))
        {
            Assert.Equal(reason, problem.RootElement.GetProperty("reason").GetString());
            Assert.Equal(actualStatus, problem.RootElement.GetProperty("status").GetInt32());
        }

        AssertOneDenyRecord(gateway, before, reason);
    }

    public static string? ReasonOf(string problemJson)
    {
        try
        {
            using var problem = JsonDocument.Parse(problemJson);
            return problem.RootElement.TryGetProperty("reason", out var reason) ? reason.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static JsonElement AssertOneDenyRecord(GatewayUnderTest gateway, GateMark before, string reason)
    {
        Assert.Equal(before.Hits, gateway.Origin.Hits.Count);
        Assert.Equal(before.Openings, gateway.Webhook.Openings.Count());
        var records = gateway.Decisions().Skip(before.Decisions).ToList();
        var record = Assert.Single(records);
        Assert.Equal("deny", record.GetProperty("decision").GetString());
        Assert.Equal(reason, record.GetProperty("reason").GetString());
        return record;
    }

    /// <summary>The one hit the admission produced: exactly the authorised path, a valid ticket, no credential.</summary>
    public static OriginHit AssertAdmitted(GatewayUnderTest gateway, GateMark before, string path)
    {
        var hits = gateway.Origin.Hits.Skip(before.Hits).ToList();
        var hit = Assert.Single(hits);
        Assert.Equal(path, hit.Path);
        Assert.True(hit.TicketAccepted);
        Assert.DoesNotContain("policy=", hit.Query, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("signature=", hit.Query, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("token=", hit.Query, StringComparison.OrdinalIgnoreCase);
        Assert.False(hit.Headers.ContainsKey("Authorization"));
        var record = Assert.Single(gateway.Decisions().Skip(before.Decisions));
        Assert.Equal("allow", record.GetProperty("decision").GetString());
        return hit;
    }

    /// <summary>Opens a WebSocket and reads the first text frame (an error frame when denied).</summary>
    public static async Task<string> WebSocketFirstFrameAsync(string url, string? bearer = null)
    {
        using var socket = new ClientWebSocket();
        if (bearer is not null)
        {
            socket.Options.SetRequestHeader("Authorization", "Bearer " + bearer);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await socket.ConnectAsync(new Uri(url), timeout.Token);
        var buffer = new byte[4096];
        var received = await socket.ReceiveAsync(buffer, timeout.Token);
        var text = Encoding.UTF8.GetString(buffer, 0, received.Count);
        if (socket.State == WebSocketState.Open)
        {
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
        }

        return text;
    }

    public static string B64(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string B64(string text) => B64(Encoding.UTF8.GetBytes(text));

    /// <summary>A hand-built JWT: the header and payload as given, HMAC-SHA256 with <paramref name="key"/> (or no signature).</summary>
    public static string Jwt(string headerJson, string payloadJson, byte[]? key)
    {
        var signingInput = B64(headerJson) + "." + B64(payloadJson);
        var signature = key is null ? string.Empty : B64(HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(signingInput)));
        return signingInput + "." + signature;
    }

    public static long Now => DateTimeOffset.UtcNow.ToUnixTimeSeconds();
}
