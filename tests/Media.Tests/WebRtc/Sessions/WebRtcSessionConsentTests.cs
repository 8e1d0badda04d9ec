using SecureStream.Media.Tests.WebRtc.Sdp;
using SecureStream.Media.WebRtc.Sessions;
using SecureStream.Policy.Sessions;
using SecureStream.ViewerClient;

namespace SecureStream.Media.Tests.WebRtc.Sessions;

/// <summary>ICE consent ends the session: a browser that never checks, with a short (real-time) connect timeout.</summary>
public sealed class WebRtcSessionConsentTests
{
    [Fact]
    public async Task NoCheckBeforeConnectTimeout_EndsWithConsentLostAndUnregisters()
    {
        await using var fixture = new SessionFixture(new WebRtcSessionOptions { ConnectTimeout = TimeSpan.FromMilliseconds(200) });
        await using var browser = new ViewerTransport(fixture.Endpoint.UdpLocalEndPoint, ChromiumOffers.Ufrag);
        await using var session = await fixture.CreateAsync(ChromiumOffers.For(browser.Certificate));

        Assert.Equal(SessionEndReason.ConsentLost, await session.Ended.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal(0, fixture.Endpoint.SessionCount);
    }
}
