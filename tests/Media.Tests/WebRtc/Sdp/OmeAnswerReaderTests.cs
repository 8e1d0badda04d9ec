using SecureStream.Media.WebRtc.Sdp;

namespace SecureStream.Media.Tests.WebRtc.Sdp;

public sealed class OmeAnswerReaderTests
{
    // What Chromium answers to our H.264 + PCMU offer.
    private const string ChromiumAnswer =
        "v=0\r\n" +
        "o=- 8903171632851130541 2 IN IP4 127.0.0.1\r\n" +
        "s=-\r\n" +
        "t=0 0\r\n" +
        "a=group:BUNDLE 0 1\r\n" +
        "a=msid-semantic: WMS\r\n" +
        "m=video 9 UDP/TLS/RTP/SAVPF 96\r\n" +
        "c=IN IP4 0.0.0.0\r\n" +
        "a=rtcp:9 IN IP4 0.0.0.0\r\n" +
        "a=ice-ufrag:Kx9q\r\n" +
        "a=ice-pwd:3Xq0mJ2yT1yKxZ8Yv5r6O4Tb\r\n" +
        "a=ice-options:trickle\r\n" +
        "a=fingerprint:" + ChromiumOffers.Fingerprint + "\r\n" +
        "a=setup:active\r\n" +
        "a=mid:0\r\n" +
        "a=recvonly\r\n" +
        "a=rtcp-mux\r\n" +
        "a=rtpmap:96 H264/90000\r\n" +
        "a=rtcp-fb:96 nack\r\n" +
        "a=rtcp-fb:96 nack pli\r\n" +
        "a=rtcp-fb:96 ccm fir\r\n" +
        "a=fmtp:96 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f\r\n" +
        "m=audio 9 UDP/TLS/RTP/SAVPF 0\r\n" +
        "c=IN IP4 0.0.0.0\r\n" +
        "a=rtcp:9 IN IP4 0.0.0.0\r\n" +
        "a=ice-ufrag:Kx9q\r\n" +
        "a=ice-pwd:3Xq0mJ2yT1yKxZ8Yv5r6O4Tb\r\n" +
        "a=ice-options:trickle\r\n" +
        "a=fingerprint:" + ChromiumOffers.Fingerprint + "\r\n" +
        "a=setup:active\r\n" +
        "a=mid:1\r\n" +
        "a=recvonly\r\n" +
        "a=rtcp-mux\r\n" +
        "a=rtpmap:0 PCMU/8000\r\n";

    private static readonly OmeOffer Offer =
        OmeOfferWriter.Write([SdpTestData.H264Video, SdpTestData.PcmuAudio], SdpTestData.Local(SdpTestData.H264Video, SdpTestData.PcmuAudio)).Offer!;

    [Fact]
    public void Read_ChromiumAnswer_AcceptsBothTracks()
    {
        var result = OmeAnswerReader.Read(ChromiumAnswer, Offer);

        Assert.True(result.IsValid, result.Reason);
        Assert.Equal([96, 0], result.Accepted.Select(t => t.PayloadType));
        Assert.Equal("Kx9q", result.Answer.RemoteIce.Ufrag);
        Assert.Equal(ChromiumOffers.Fingerprint, result.Answer.Fingerprint.SdpValue);
        Assert.Equal(DtlsSetupRole.Active, result.Answer.Setup);
    }

    [Fact]
    public void Read_AudioRejected_AcceptsVideoOnly()
    {
        var answer = ChromiumAnswer
            .Replace("a=group:BUNDLE 0 1", "a=group:BUNDLE 0", StringComparison.Ordinal)
            .Replace("m=audio 9 ", "m=audio 0 ", StringComparison.Ordinal);

        var result = OmeAnswerReader.Read(answer, Offer);

        Assert.Equal([96], result.Accepted.Select(t => t.PayloadType));
    }

    public static TheoryData<string, string> BadAnswers => new()
    {
        { ChromiumAnswer.Replace("a=setup:active", "a=setup:passive", StringComparison.Ordinal), BrowserSdpFailure.BadDtlsSetup },
        { ChromiumAnswer.Replace("a=setup:active", "a=setup:actpass", StringComparison.Ordinal), BrowserSdpFailure.BadDtlsSetup },
        { ChromiumAnswer.Replace("a=mid:0", "a=mid:x", StringComparison.Ordinal).Replace("BUNDLE 0 1", "BUNDLE x 1", StringComparison.Ordinal), BrowserSdpFailure.MidMismatch },
        { ChromiumAnswer.Replace("a=fingerprint:sha-256", "a=fingerprint:md5", StringComparison.Ordinal), BrowserSdpFailure.UnsupportedFingerprint },
        { ChromiumAnswer.Replace("m=video 9 UDP/TLS/RTP/SAVPF 96", "m=video 9 UDP/TLS/RTP/SAVPF 97", StringComparison.Ordinal).Replace("m=audio 9 UDP/TLS/RTP/SAVPF 0", "m=audio 9 UDP/TLS/RTP/SAVPF 8", StringComparison.Ordinal), BrowserSdpFailure.NoCommonCodec },
        { ChromiumAnswer[..ChromiumAnswer.IndexOf("m=audio", StringComparison.Ordinal)].Replace("BUNDLE 0 1", "BUNDLE 0", StringComparison.Ordinal), BrowserSdpFailure.MidMismatch },
        { new string('x', 70_000), BrowserSdpFailure.AnswerTooLarge },
    };

    [Theory]
    [MemberData(nameof(BadAnswers))]
    public void Read_BadAnswer_IsRefusedWithReason(string answer, string reason)
    {
        var result = OmeAnswerReader.Read(answer, Offer);

        Assert.False(result.IsValid);
        Assert.Equal(reason, result.Reason);
    }
}
