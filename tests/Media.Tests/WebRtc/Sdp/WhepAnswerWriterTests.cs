using System.Text;
using SecureStream.Media.Sdp;
using SecureStream.Media.WebRtc.Sdp;

namespace SecureStream.Media.Tests.WebRtc.Sdp;

public sealed class WhepAnswerWriterTests
{
    private static readonly BrowserSessionDescription Chromium = SdpTestData.ReadOffer(ChromiumOffers.Offer);

    [Fact]
    public void Write_ChromiumOffer_AnswersH264AndPcmuInOfferOrder()
    {
        var local = SdpTestData.Local(SdpTestData.H264Video, SdpTestData.PcmuAudio);
        var match = CodecMatcher.Match([SdpTestData.H264Video, SdpTestData.PcmuAudio], Chromium);

        var answer = WhepAnswerWriter.Write(Chromium, match, local);

        Assert.True(SdpParser.TryParse(Encoding.UTF8.GetBytes(answer), out var parsed, out _));
        Assert.Equal(["0", "1"], parsed!.Media.Select(m => m.Attributes.Single(a => a.Name == "mid").Value));
        Assert.Equal([[0], [106]], parsed.Media.Select(m => m.Formats));
        var video = parsed.Media[1];
        Assert.Equal("level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f", video.FormatParameters[106]);
        Assert.Equal("H264", video.RtpMaps[106].EncodingName);
        Assert.Equal(["106 nack", "106 nack pli", "106 ccm fir"], Values(video, "rtcp-fb"));
        Assert.Equal(["4096 cname:ssCname01", "4096 msid:camera video0"], Values(video, "ssrc"));
        Assert.Equal(["camera video0"], Values(video, "msid"));
        Assert.Equal(["4097 cname:ssCname01", "4097 msid:camera audio1"], Values(parsed.Media[0], "ssrc"));
        Assert.Empty(Values(parsed.Media[0], "rtcp-fb"));
        foreach (var media in parsed.Media)
        {
            Assert.Equal(["passive"], Values(media, "setup"));
            Assert.Equal(["AbCd1234"], Values(media, "ice-ufrag"));
            Assert.Equal([local.Fingerprint.SdpValue], Values(media, "fingerprint"));
            Assert.Single(media.Attributes, a => a.Name == "sendonly");
            Assert.Single(media.Attributes, a => a.Name == "rtcp-mux");
            Assert.Single(media.Attributes, a => a.Name == "end-of-candidates");
            Assert.Equal(
                ["1 1 udp 2130706431 203.0.113.5 10000 typ host", "2 1 tcp 1015022079 203.0.113.5 10000 typ host tcptype passive"],
                Values(media, "candidate"));
        }

        Assert.Equal(["BUNDLE 0 1"], parsed.Attributes.Where(a => a.Name == "group").Select(a => a.Value));
        Assert.Single(parsed.Attributes, a => a.Name == "ice-lite");
        Assert.DoesNotContain("rtx", answer, StringComparison.Ordinal);
        Assert.EndsWith("\r\n", answer, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_VideoOnlyCamera_KeepsAudioSectionInactiveAndBundled()
    {
        var match = CodecMatcher.Match([SdpTestData.H264Video], Chromium);

        var answer = Parse(WhepAnswerWriter.Write(Chromium, match, SdpTestData.Local(SdpTestData.H264Video)));

        Assert.Single(answer.Media[0].Attributes, a => a.Name == "inactive");
        Assert.Equal(9, answer.Media[0].Port);
        Assert.Empty(Values(answer.Media[0], "ssrc"));
        Assert.Single(answer.Media[1].Attributes, a => a.Name == "sendonly");
        Assert.Equal(["BUNDLE 0 1"], answer.Attributes.Where(a => a.Name == "group").Select(a => a.Value));
    }

    [Fact]
    public void Write_InactiveSection_DoesNotEchoHostileEncodingName()
    {
        var offer = SdpTestData.ReadOffer(ChromiumOffers.Offer.Replace("a=rtpmap:111 opus/48000/2", "a=rtpmap:111 op us a=setup:active/48000/2", StringComparison.Ordinal));
        var match = CodecMatcher.Match([SdpTestData.H264Video], offer);

        var text = WhepAnswerWriter.Write(offer, match, SdpTestData.Local(SdpTestData.H264Video));

        Assert.DoesNotContain("setup:active", text, StringComparison.Ordinal);
        Assert.DoesNotContain(Parse(text).Media[0].Attributes, a => a.Name == "rtpmap");
    }

    [Fact]
    public void Write_AudioOnlyCamera_SendsAudioOnly()
    {
        var audio = SdpTestData.PcmuAudio with { TrackId = 0 };
        var match = CodecMatcher.Match([audio], Chromium);

        var answer = Parse(WhepAnswerWriter.Write(Chromium, match, SdpTestData.Local(audio)));

        Assert.Single(answer.Media[0].Attributes, a => a.Name == "sendonly");
        Assert.Single(answer.Media[1].Attributes, a => a.Name == "inactive");
    }

    [Fact]
    public void Write_RejectedAndDataChannelSections_AnsweredWithPortZero()
    {
        var offer = SdpTestData.ReadOffer(ChromiumOffers.Offer
            .Replace("a=group:BUNDLE 0 1", "a=group:BUNDLE 1 2", StringComparison.Ordinal)
            .Replace("m=audio 9 ", "m=audio 0 ", StringComparison.Ordinal)
            + "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 0.0.0.0\r\na=ice-ufrag:EsAw\r\na=ice-pwd:bP+XJMM09aR8AiX1jdukzR6Y\r\n"
            + "a=fingerprint:" + ChromiumOffers.Fingerprint + "\r\na=setup:actpass\r\na=mid:2\r\na=sctp-port:5000\r\n");
        var match = CodecMatcher.Match([SdpTestData.H264Video, SdpTestData.PcmuAudio], offer);

        var text = WhepAnswerWriter.Write(offer, match, SdpTestData.Local(SdpTestData.H264Video, SdpTestData.PcmuAudio));
        var answer = Parse(text);

        Assert.Equal([0, 9, 0], answer.Media.Select(m => m.Port));
        Assert.Equal(["0", "1", "2"], answer.Media.Select(m => Values(m, "mid").Single()));
        Assert.Contains("m=application 0 UDP/DTLS/SCTP webrtc-datachannel\r\n", text, StringComparison.Ordinal);
        Assert.Equal(["BUNDLE 1"], answer.Attributes.Where(a => a.Name == "group").Select(a => a.Value));
    }

    [Fact]
    public void Write_Answer_IsAcceptedByOurOwnReaderAsAnAnswer()
    {
        // Our answer read back with the browser-side rules: one transport, one fingerprint, bundled —
        // except the DTLS role, which is passive (we are the server).
        var local = SdpTestData.Local(SdpTestData.H264Video, SdpTestData.PcmuAudio);
        var text = WhepAnswerWriter.Write(Chromium, CodecMatcher.Match([SdpTestData.H264Video, SdpTestData.PcmuAudio], Chromium), local);

        var result = BrowserOfferReader.Read(text.Replace("a=setup:passive", "a=setup:active", StringComparison.Ordinal), BrowserSdpRole.Answer);

        Assert.True(result.IsValid, result.Reason);
        Assert.Equal(local.Fingerprint.SdpValue, result.Description.Fingerprint.SdpValue);
        Assert.Equal("AbCd1234", result.Description.RemoteIce.Ufrag);
    }

    private static SessionDescription Parse(string text)
    {
        Assert.True(SdpParser.TryParse(Encoding.UTF8.GetBytes(text), out var parsed, out var error), error.ToString());
        return parsed!;
    }

    private static IEnumerable<string> Values(SdpMediaDescription media, string name) =>
        media.Attributes.Where(a => a.Name == name).Select(a => a.Value);
}
