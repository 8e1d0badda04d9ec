using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using SecureStream.Media.Frames;
using SecureStream.Media.Tests.Transcoding;
using SecureStream.Media.Tests.WebRtc.Sdp;
using SecureStream.Media.Transcoding;
using SecureStream.Policy.Tickets;

namespace SecureStream.Media.Tests.Origin;

/// <summary>The WHEP origin with a registered <see cref="ITrackTranscoders"/>: who joins a transcoder, who releases it, and what a failure answers.</summary>
public sealed class WhepTranscodingOriginTests : IDisposable
{
    private readonly CancellationTokenSource _guard = new(TimeSpan.FromSeconds(20));

    private static readonly IReadOnlyList<TrackDescription> H264AndAac =
    [
        SdpTestData.H264Video,
        new TrackDescription(1, TrackKind.Audio, MediaCodec.Aac, 16000, 1, []),
    ];

    [Fact]
    public async Task Offer_AacCamera_AnsweredWithOpusAndOneTranscoderJoinedUntilDelete()
    {
        var transcoders = new FakeTrackTranscoders();
        await using var origin = await OriginUnderTest.StartAsync(H264AndAac, s => s.AddSingleton<ITrackTranscoders>(transcoders));
        var sessionId = TicketIssuer.NewId();

        using var response = await origin.Client.SendAsync(Offer(origin.Ticket(sessionId: sessionId)), _guard.Token);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var answer = await response.Content.ReadAsStringAsync(_guard.Token);
        Assert.Contains("a=rtpmap:111 opus/48000/2\r\n", answer, StringComparison.Ordinal);
        Assert.Contains("a=rtpmap:106 H264/90000\r\n", answer, StringComparison.Ordinal);
        var join = Assert.Single(transcoders.Joins);
        Assert.Equal((OriginUnderTest.Camera, MediaCodec.Aac, MediaCodec.Opus), (join.Pull.Camera, join.Source.Codec, join.Target));
        Assert.Equal(1, transcoders.Active);
        Assert.Equal(1, origin.Cameras.Created);

        using var deleted = await origin.Client.SendAsync(Delete(response.Headers.Location!.ToString(), origin.Ticket(sessionId: sessionId)), _guard.Token);

        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        await WaitUntilAsync(() => origin.Ended.Ends.Count == 1 && transcoders.Active == 0);
    }

    [Fact]
    public async Task Offer_TranscoderCannotStart_503AndNothingLeftBehind()
    {
        var transcoders = new FakeTrackTranscoders { JoinFailure = new InvalidOperationException("no ffmpeg") };
        await using var origin = await OriginUnderTest.StartAsync(H264AndAac, s => s.AddSingleton<ITrackTranscoders>(transcoders));

        using var response = await origin.Client.SendAsync(Offer(origin.Ticket()), _guard.Token);

        await WhepOriginTests.AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable, "transcoder_unavailable");
        Assert.Equal(0, origin.Viewers.Count);
        Assert.Equal(0, transcoders.Active);
        Assert.Empty(origin.Ended.Ends);
    }

    [Fact]
    public async Task Offer_TranscoderRefusesAnAacOnlyCamera_406WithItsReason()
    {
        var transcoders = new FakeTrackTranscoders { Refusal = "transcoding_busy" };
        await using var origin = await OriginUnderTest.StartAsync([H264AndAac[1]], s => s.AddSingleton<ITrackTranscoders>(transcoders));

        using var response = await origin.Client.SendAsync(Offer(origin.Ticket()), _guard.Token);

        await WhepOriginTests.AssertProblemAsync(response, HttpStatusCode.NotAcceptable, "transcoding_busy");
        Assert.Empty(transcoders.Joins);
    }

    [Fact]
    public async Task Offer_CameraTheViewerDecodes_NoTranscoderJoined()
    {
        var transcoders = new FakeTrackTranscoders();
        await using var origin = await OriginUnderTest.StartAsync(configure: s => s.AddSingleton<ITrackTranscoders>(transcoders));

        using var response = await origin.Client.SendAsync(Offer(origin.Ticket()), _guard.Token);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Empty(transcoders.Joins);
    }

    public void Dispose() => _guard.Dispose();

    private async Task WaitUntilAsync(Func<bool> condition)
    {
        while (!condition())
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), _guard.Token);
        }
    }

    private static HttpRequestMessage Offer(string ticket)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/app/cam1/whep") { Content = new StringContent(ChromiumOffers.Offer, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/sdp");
        request.Headers.TryAddWithoutValidation(TicketIssuer.HeaderName, ticket);
        return request;
    }

    private static HttpRequestMessage Delete(string location, string ticket)
    {
        var request = new HttpRequestMessage(HttpMethod.Delete, location);
        request.Headers.TryAddWithoutValidation(TicketIssuer.HeaderName, ticket);
        return request;
    }
}
