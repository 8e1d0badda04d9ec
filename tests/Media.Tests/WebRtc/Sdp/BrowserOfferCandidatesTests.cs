using SecureStream.Media.WebRtc.Sdp;

namespace SecureStream.Media.Tests.WebRtc.Sdp;

public sealed class BrowserOfferCandidatesTests
{
    [Fact]
    public void Read_OfferWithCandidates_KeepsThoseWithAnAddressOnce_UnreadableOnesDoNotRefuseIt()
    {
        var offer = ChromiumOffers.Offer.Replace(
            "a=ice-options:trickle\r\n",
            "a=ice-options:trickle\r\n" +
            "a=candidate:1 1 udp 2122260223 192.0.2.10 50000 typ host generation 0\r\n" +
            "a=candidate:2 1 udp 1686052607 198.51.100.7 61000 typ srflx raddr 192.0.2.10 rport 50000\r\n" +
            "a=candidate:4 1 udp 2122260223 4f1c2a9e.local 50001 typ host\r\n" +
            "a=candidate:garbage\r\n",
            StringComparison.Ordinal);

        var read = BrowserOfferReader.Read(offer, BrowserSdpRole.Offer);

        Assert.True(read.IsValid, read.Reason);
        Assert.Equal(2, read.Description.Candidates.Count);
    }
}
