using System.Net;
using SecureStream.Media.WebRtc.Dtls;
using SecureStream.Media.WebRtc.Ice;
using SecureStream.ViewerClient;

namespace SecureStream.Media.Tests.ViewerClient;

/// <summary>A gateway that offers (Janus), played through the viewer's offer-first path.</summary>
public sealed class ServerOfferSignallingTests
{
    private static readonly DtlsCertificate Certificate = DtlsCertificate.Generate(TimeProvider.System);

    [Fact]
    public async Task ConnectAsync_GatewayOffers_AnswerCarriesTheViewerOffersCredentialsAndTheOfferComesBack()
    {
        var ice = IceCredentials.Generate();
        var gateway = new FakeGateway(JanusOffers.Video);
        var signalling = new ServerOfferSignalling(gateway);

        var returned = await signalling.ConnectAsync(ViewerOfferWriter.Write(ice, Certificate.Fingerprint, audio: false), CancellationToken.None);

        Assert.Equal(JanusOffers.Video, returned);
        Assert.NotNull(gateway.Answer);
        Assert.Contains("a=ice-ufrag:" + ice.Ufrag + "\r\n", gateway.Answer, StringComparison.Ordinal);
        Assert.Contains("a=ice-pwd:" + ice.Password + "\r\n", gateway.Answer, StringComparison.Ordinal);
        Assert.Contains("a=fingerprint:" + Certificate.Fingerprint.SdpValue + "\r\n", gateway.Answer, StringComparison.Ordinal);
        Assert.Contains("a=mid:v\r\n", gateway.Answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendCandidateAsync_AfterConnect_HostCandidateForTheAcceptedMid()
    {
        var gateway = new FakeGateway(JanusOffers.Video);
        var signalling = new ServerOfferSignalling(gateway);
        await signalling.ConnectAsync(ViewerOfferWriter.Write(IceCredentials.Generate(), Certificate.Fingerprint), CancellationToken.None);

        await signalling.SendCandidateAsync(new IPEndPoint(IPAddress.Parse("192.0.2.2"), 43620), CancellationToken.None);

        Assert.Equal(("candidate:1 1 udp 2130706431 192.0.2.2 43620 typ host", "v"), gateway.Candidate);
    }

    [Fact]
    public async Task ConnectAsync_UnplayableOffer_RefusedWithReasonAndNoAnswerSent()
    {
        var gateway = new FakeGateway(JanusOffers.Video.Replace("H264/90000", "VP8/90000", StringComparison.Ordinal));
        var signalling = new ServerOfferSignalling(gateway);

        var refused = await Assert.ThrowsAsync<ViewerSignallingException>(
            () => signalling.ConnectAsync(ViewerOfferWriter.Write(IceCredentials.Generate(), Certificate.Fingerprint), CancellationToken.None));

        Assert.Equal("offer_no_playable_track", refused.Reason);
        Assert.Null(gateway.Answer);
    }

    [Fact]
    public void Reader_JanusOfferOnThisMachinesInterface_OnlyWithTheWiderAddressFilter()
    {
        Assert.False(ViewerAnswerReader.TryRead(JanusOffers.Video, out _, out var reason));
        Assert.Equal("answer_no_loopback_candidate", reason);

        Assert.True(ViewerAnswerReader.TryRead(JanusOffers.Video, a => a.Equals(IPAddress.Parse("192.0.2.2")), out var read, out reason), reason);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.0.2.2"), 41594), Assert.Single(read.Candidates).EndPoint);
        Assert.Equal(("ZFqQ", "YOQidKEDaqLasV9M66rIHM"), (read.RemoteIce.Ufrag, read.RemoteIce.Password));
        Assert.Equal(("v", 96, "H264"), (Assert.Single(read.Tracks).Mid, read.Tracks[0].PayloadType, read.Tracks[0].EncodingName));
    }

    [Fact]
    public void LocalAddresses_LoopbackYesIpv6AndForeignNo()
    {
        Assert.True(LocalAddresses.IsOnThisMachine(IPAddress.Loopback));
        Assert.False(LocalAddresses.IsOnThisMachine(IPAddress.IPv6Loopback)); // the viewer's socket is IPv4
        Assert.False(LocalAddresses.IsOnThisMachine(IPAddress.Parse("203.0.113.77")));
    }

    private sealed class FakeGateway(string offer) : IServerOfferSignalling
    {
        public string? Answer { get; private set; }

        public (string Candidate, string Mid)? Candidate { get; private set; }

        public Task<string> RequestOfferAsync(CancellationToken cancellationToken) => Task.FromResult(offer);

        public Task SendAnswerAsync(string answer, CancellationToken cancellationToken)
        {
            Answer = answer;
            return Task.CompletedTask;
        }

        public Task SendCandidateAsync(string candidate, string mid, CancellationToken cancellationToken)
        {
            Candidate = (candidate, mid);
            return Task.CompletedTask;
        }

        public Task DisconnectAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
