using System.Net;
using System.Net.WebSockets;
using System.Text;
using SecureStream.Proxy.Tests.Functional.Infrastructure;

namespace SecureStream.Proxy.Tests.Functional;

/// <summary>
/// The HTTPS/WSS listener (3334's role) with its development certificate: signed strings use
/// https/wss there, as OME signs them, because this server terminated TLS.
/// </summary>
public sealed class TlsListenerTests
{
    [Fact]
    public async Task WhepOverHttps_SignedAsHttps_Admitted_AndHttpSignatureRefused()
    {
        await using var gateway = await GatewayUnderTest.StartAsync();
        using var client = new HttpClient(new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate?.Subject.Contains("SecureStream development", StringComparison.Ordinal) == true },
        });

        var good = await client.PostAsync(gateway.SignedLink("app/cam1", scheme: "https", suffix: "/whep", subject: "alice"), Offer());
        var plainSigned = gateway.SignedLink("app/cam1", scheme: "http", suffix: "/whep", subject: "alice")
            .Replace($"http://127.0.0.1:{gateway.HttpPort}", $"https://127.0.0.1:{gateway.HttpsPort}", StringComparison.Ordinal);
        var wrongScheme = await client.PostAsync(plainSigned, Offer());

        Assert.Equal(HttpStatusCode.Created, good.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongScheme.StatusCode);
        Assert.Equal("signature_invalid", await SessionLifecycleTests.ReasonAsync(wrongScheme));
        Assert.Single(gateway.Origin.Hits);
    }

    [Fact]
    public async Task WebSocketOverTls_SignedAsWss_RelaysOrigin()
    {
        await using var gateway = await GatewayUnderTest.StartAsync();
        using var socket = new ClientWebSocket();
        socket.Options.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            certificate?.Subject.Contains("SecureStream development", StringComparison.Ordinal) == true;

        await socket.ConnectAsync(new Uri(gateway.SignedLink("app/cam1", scheme: "wss", subject: "alice")), CancellationToken.None);
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var received = await socket.ReceiveAsync(buffer, timeout.Token);

        Assert.Contains("\"command\":\"offer\"", Encoding.UTF8.GetString(buffer, 0, received.Count), StringComparison.Ordinal);
        Assert.True(Assert.Single(gateway.Origin.Hits).TicketAccepted);
    }

    private static StringContent Offer() => new("v=0\r\n", Encoding.ASCII, "application/sdp");
}
