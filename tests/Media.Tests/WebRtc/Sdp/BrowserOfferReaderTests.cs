using System.Text;
using SecureStream.Media.Frames;
using SecureStream.Media.WebRtc.Sdp;

namespace SecureStream.Media.Tests.WebRtc.Sdp;

public sealed class BrowserOfferReaderTests
{
    [Fact]
    public void Read_ChromiumOffer_ReadsTransportAndSections()
    {
        var offer = SdpTestData.ReadOffer(ChromiumOffers.Offer);

        Assert.Equal("EsAw", offer.RemoteIce.Ufrag);
        Assert.Equal("bP+XJMM09aR8AiX1jdukzR6Y", offer.RemoteIce.Password);
        Assert.Equal(ChromiumOffers.Fingerprint, offer.Fingerprint.SdpValue);
        Assert.Equal(DtlsSetupRole.ActPass, offer.Setup);
        Assert.Equal(["0", "1"], offer.BundleMids);
        Assert.Collection(
            offer.Sections,
            audio =>
            {
                Assert.Equal(("0", TrackKind.Audio, MediaDirection.RecvOnly), (audio.Mid, audio.Kind, audio.Direction));
                Assert.True(audio.RtcpMux);
                Assert.Equal([111, 63, 9, 0, 8, 13, 110, 126], audio.PayloadTypes.Select(p => p.PayloadType));
                var opus = audio.PayloadTypes[0];
                Assert.Equal(("opus", 48000, 2), (opus.EncodingName, opus.ClockRate, opus.Channels));
                Assert.Equal("1", opus.Parameters["useinbandfec"]);
                Assert.Equal(["transport-cc"], opus.Feedback);
            },
            video =>
            {
                Assert.Equal(("1", TrackKind.Video), (video.Mid, video.Kind));
                var h264 = video.PayloadTypes.Single(p => p.PayloadType == 106);
                Assert.Equal("42e01f", h264.Parameters["profile-level-id"]);
                Assert.Contains("nack pli", h264.Feedback);
            });
    }

    [Fact]
    public void Read_SendRecvOfferWithSsrcGroups_IsAccepted()
    {
        var sdp = ChromiumOffers.Offer.Replace("a=recvonly", "a=sendrecv", StringComparison.Ordinal)
            + "a=msid:- 5a1c\r\na=ssrc-group:FID 1111 2222\r\na=ssrc:1111 cname:x\r\na=ssrc:2222 cname:x\r\n";

        var offer = SdpTestData.ReadOffer(sdp);

        Assert.All(offer.Sections, s => Assert.Equal(MediaDirection.SendRecv, s.Direction));
        Assert.All(offer.Sections, s => Assert.True(s.CanReceive));
    }

    [Fact]
    public void Read_SessionLevelCredentials_AreUsed()
    {
        var sdp = ChromiumOffers.Offer
            .Replace("a=ice-ufrag:EsAw\r\n", string.Empty, StringComparison.Ordinal)
            .Replace("a=group:BUNDLE 0 1\r\n", "a=group:BUNDLE 0 1\r\na=ice-ufrag:EsAw\r\n", StringComparison.Ordinal);

        Assert.Equal("EsAw", SdpTestData.ReadOffer(sdp).RemoteIce.Ufrag);
    }

    public static TheoryData<string, string> HostileOffers => new()
    {
        { "v=0\r\n" + string.Concat(Enumerable.Repeat("a=x:" + new string('y', 1000) + "\r\n", 1024)), BrowserSdpFailure.OfferTooLarge },
        { TinySections(300), BrowserSdpFailure.TooManyMediaSections },
        { MultiplyVideo(17), BrowserSdpFailure.TooManyMediaSections },
        { Without("a=fingerprint:"), BrowserSdpFailure.NoFingerprint },
        { ChromiumOffers.Offer.Replace("a=fingerprint:sha-256 7B:8B:F0:65:5F:78:E2:51:3B:AC:6F:F3:3F:46:1B:35:DC:B8:5F:64:1A:24:C2:43:F0:A1:58:D0:A1:2C:19:08", "a=fingerprint:md5 7B:8B:F0:65:5F:78:E2:51:3B:AC:6F:F3:3F:46:1B:35", StringComparison.Ordinal), BrowserSdpFailure.UnsupportedFingerprint },
        { ChromiumOffers.Offer.Replace(":19:08\r\na=setup:actpass\r\na=mid:1", ":19:09\r\na=setup:actpass\r\na=mid:1", StringComparison.Ordinal), BrowserSdpFailure.InconsistentFingerprint },
        { ChromiumOffers.Offer.Replace(":2C:19:08", ":2C:19", StringComparison.Ordinal), BrowserSdpFailure.BadFingerprint },
        { Without("a=ice-ufrag:"), BrowserSdpFailure.NoIceCredentials },
        { Without("a=ice-pwd:"), BrowserSdpFailure.NoIceCredentials },
        { ChromiumOffers.Offer.Replace("a=ice-pwd:bP+XJMM09aR8AiX1jdukzR6Y", "a=ice-pwd:short", StringComparison.Ordinal), BrowserSdpFailure.BadIceCredentials },
        { ChromiumOffers.Offer.Replace("a=ice-ufrag:EsAw\r\na=ice-pwd:bP+XJMM09aR8AiX1jdukzR6Y\r\na=ice-options:trickle\r\na=fingerprint:sha-256 7B:8B:F0:65:5F:78:E2:51:3B:AC:6F:F3:3F:46:1B:35:DC:B8:5F:64:1A:24:C2:43:F0:A1:58:D0:A1:2C:19:08\r\na=setup:actpass\r\na=mid:1", "a=ice-ufrag:Othr\r\na=ice-pwd:bP+XJMM09aR8AiX1jdukzR6Y\r\na=ice-options:trickle\r\na=fingerprint:sha-256 7B:8B:F0:65:5F:78:E2:51:3B:AC:6F:F3:3F:46:1B:35:DC:B8:5F:64:1A:24:C2:43:F0:A1:58:D0:A1:2C:19:08\r\na=setup:actpass\r\na=mid:1", StringComparison.Ordinal), BrowserSdpFailure.InconsistentIceCredentials },
        { ChromiumOffers.Offer.Replace("a=mid:1", "a=mid:0", StringComparison.Ordinal), BrowserSdpFailure.DuplicateMid },
        { ChromiumOffers.Offer.Replace("a=mid:1", "a=mid:1\r\na=mid:2", StringComparison.Ordinal), BrowserSdpFailure.DuplicateMid },
        { Without("a=mid:"), BrowserSdpFailure.MissingMid },
        { ChromiumOffers.Offer.Replace("a=mid:1", "a=mid:1<script>", StringComparison.Ordinal), BrowserSdpFailure.BadMid },
        { Without("a=group:BUNDLE"), BrowserSdpFailure.NotBundled },
        { ChromiumOffers.Offer.Replace("a=group:BUNDLE 0 1", "a=group:BUNDLE 0", StringComparison.Ordinal), BrowserSdpFailure.NotBundled },
        { ChromiumOffers.Offer.Replace("a=group:BUNDLE 0 1", "a=group:BUNDLE 0 1 7", StringComparison.Ordinal), BrowserSdpFailure.BadBundleGroup },
        { Without("a=rtcp-mux"), BrowserSdpFailure.NoRtcpMux },
        { Without("a=setup:"), BrowserSdpFailure.NoDtlsSetup },
        { ChromiumOffers.Offer.Replace("a=setup:actpass", "a=setup:passive", StringComparison.Ordinal), BrowserSdpFailure.BadDtlsSetup },
        // Line injection: a bare CR, a NUL or a bare CR+LF inside a value never becomes a second attribute.
        { ChromiumOffers.Offer.Replace("a=mid:1", "a=mid:1\ra=setup:passive", StringComparison.Ordinal), BrowserSdpFailure.ControlCharacter },
        { ChromiumOffers.Offer.Replace("a=mid:1", "a=mid:1\0", StringComparison.Ordinal), BrowserSdpFailure.ControlCharacter },
        { ChromiumOffers.Offer.Replace("a=ice-ufrag:EsAw", "a=ice-ufrag:EsAw\u001b[31m", StringComparison.Ordinal), BrowserSdpFailure.ControlCharacter },
        { ChromiumOffers.Offer + string.Concat(Enumerable.Repeat("a=x\r\n", 1100)), BrowserSdpFailure.TooManyAttributes },
        { "v=0\r\ns=-\r\n", BrowserSdpFailure.NoMedia },
        { "hello", BrowserSdpFailure.Malformed },
        { string.Empty, BrowserSdpFailure.Malformed },
    };

    [Theory]
    [MemberData(nameof(HostileOffers))]
    public void Read_HostileOffer_IsRefusedWithReason(string sdp, string reason)
    {
        var result = BrowserOfferReader.Read(sdp, BrowserSdpRole.Offer);

        Assert.False(result.IsValid);
        Assert.Equal(reason, result.Reason);
    }

    [Fact]
    public void Read_OfferWithFortyVideoCodecs_IsAccepted()
    {
        // More than a camera may list (32 formats, 256 attributes) but what a browser with H.265 and AV1 profiles writes.
        var extra = Enumerable.Range(41, 20).ToList();
        var sdp = ChromiumOffers.Offer.Replace(" 116 117 118\r\n", " 116 117 118 " + string.Join(' ', extra) + "\r\n", StringComparison.Ordinal)
            + string.Concat(extra.Select(pt => $"a=rtpmap:{pt} VP9/90000\r\na=rtcp-fb:{pt} goog-remb\r\na=rtcp-fb:{pt} transport-cc\r\na=rtcp-fb:{pt} ccm fir\r\na=rtcp-fb:{pt} nack\r\na=rtcp-fb:{pt} nack pli\r\na=fmtp:{pt} profile-id=2\r\n"));

        Assert.Equal(43, SdpTestData.ReadOffer(sdp).Sections[1].PayloadTypes.Count);
    }

    [Fact]
    public void Read_OneMegabyteBody_IsRefusedBeforeParsing()
    {
        var body = new byte[1024 * 1024];
        body.AsSpan().Fill((byte)'a');

        var result = BrowserOfferReader.Read(body, BrowserSdpRole.Offer);

        Assert.Equal(BrowserSdpFailure.OfferTooLarge, result.Reason);
    }

    [Fact]
    public void Read_AnswerSayingPassive_IsRefused()
    {
        var answer = ChromiumOffers.Offer.Replace("a=setup:actpass", "a=setup:passive", StringComparison.Ordinal);

        Assert.Equal(BrowserSdpFailure.BadDtlsSetup, BrowserOfferReader.Read(answer, BrowserSdpRole.Answer).Reason);
        Assert.Equal(BrowserSdpFailure.BadDtlsSetup, BrowserOfferReader.Read(ChromiumOffers.Offer, BrowserSdpRole.Answer).Reason);
    }

    [Fact]
    public void Read_RejectedSectionOutsideBundle_IsAccepted()
    {
        var sdp = ChromiumOffers.Offer
            .Replace("a=group:BUNDLE 0 1", "a=group:BUNDLE 1", StringComparison.Ordinal)
            .Replace("m=audio 9 ", "m=audio 0 ", StringComparison.Ordinal);

        var offer = SdpTestData.ReadOffer(sdp);

        Assert.True(offer.Sections[0].IsRejected);
        Assert.False(offer.Sections[0].CanReceive);
    }

    private static string Without(string prefix) =>
        string.Concat(ChromiumOffers.Offer.Split("\r\n").Where(l => !l.StartsWith(prefix, StringComparison.Ordinal)).Select(l => l + "\r\n"));

    private static string TinySections(int count) =>
        "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
        + string.Concat(Enumerable.Range(0, count).Select(i => $"m=audio 9 UDP/TLS/RTP/SAVPF 0\r\na=mid:{i}\r\na=rtcp-mux\r\n"));

    private static string MultiplyVideo(int count)
    {
        var start = ChromiumOffers.Offer.IndexOf("m=video", StringComparison.Ordinal);
        var video = ChromiumOffers.Offer[start..];
        var builder = new StringBuilder(ChromiumOffers.Offer[..start]);
        for (var i = 0; i < count; i++)
        {
            builder.Append(video.Replace("a=mid:1", "a=mid:v" + i, StringComparison.Ordinal));
        }

        return builder.ToString();
    }
}
