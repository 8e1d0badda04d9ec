using System.Net;
using System.Text;
using SecureStream.ViewerClient;

namespace SecureStream.Media.Tests.ViewerClient;

/// <summary>WHEP (RFC 9725 §4.2–4.3) over a recording HTTP handler.</summary>
public sealed class WhepSignallingTests
{
    private static readonly Uri Endpoint = new("http://127.0.0.1:3333/app/cam1/whep?policy=p&signature=s");

    [Fact]
    public async Task ConnectAsync_Created_PostsSdpReturnsAnswerAndDeletesLocation()
    {
        var handler = new RecordingHandler(_ =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.Created) { Content = new StringContent("v=0\r\n", Encoding.UTF8, "application/sdp") };
            response.Headers.Location = new Uri("/app/cam1/whep/sessions/abc", UriKind.Relative);
            return response;
        });
        using var http = new HttpClient(handler);
        var whep = new WhepSignalling(http, Endpoint);

        var answer = await whep.ConnectAsync("v=0 offer", CancellationToken.None);
        await whep.DisconnectAsync(CancellationToken.None);
        await whep.DisconnectAsync(CancellationToken.None);

        Assert.Equal("v=0\r\n", answer);
        Assert.Equal(2, handler.Requests.Count);
        Assert.Equal((HttpMethod.Post, Endpoint, "application/sdp", "v=0 offer"), handler.Requests[0]);
        Assert.Equal(HttpMethod.Delete, handler.Requests[1].Method);
        Assert.Equal(new Uri("http://127.0.0.1:3333/app/cam1/whep/sessions/abc"), handler.Requests[1].Uri);
    }

    [Theory]
    [InlineData(HttpStatusCode.Forbidden, "http_403")]
    [InlineData(HttpStatusCode.ServiceUnavailable, "http_503")]
    [InlineData(HttpStatusCode.OK, "http_200")]
    public async Task ConnectAsync_NotCreated_ThrowsStatusReasonWithoutUrl(HttpStatusCode status, string reason)
    {
        using var http = new HttpClient(new RecordingHandler(_ => new HttpResponseMessage(status)));
        var whep = new WhepSignalling(http, Endpoint);

        var exception = await Assert.ThrowsAsync<ViewerSignallingException>(() => whep.ConnectAsync("v=0", CancellationToken.None));

        Assert.Equal(reason, exception.Reason);
        Assert.DoesNotContain("signature", exception.Message, StringComparison.Ordinal);
        Assert.Null(whep.Resource);
    }

    private sealed class RecordingHandler(Func<HttpRequestMessage, HttpResponseMessage> respond) : HttpMessageHandler
    {
        public List<(HttpMethod Method, Uri? Uri, string? ContentType, string? Body)> Requests { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
            Requests.Add((request.Method, request.RequestUri, request.Content?.Headers.ContentType?.MediaType, body));
            return respond(request);
        }
    }
}
