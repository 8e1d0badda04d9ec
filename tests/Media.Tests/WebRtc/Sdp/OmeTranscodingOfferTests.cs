using SecureStream.Media.Frames;
using SecureStream.Media.Tests.Transcoding;
using SecureStream.Media.Transcoding;
using SecureStream.Media.WebRtc.Sdp;

namespace SecureStream.Media.Tests.WebRtc.Sdp;

/// <summary>
/// The OME offer (we offer first): each section lists the camera's own codec, then what a
/// transcoder makes of it; the browser's answer decides which is sent.
/// </summary>
public sealed class OmeTranscodingOfferTests
{
    private static readonly TrackDescription H265 = SdpTestData.H264Video with { Codec = MediaCodec.H265, Profile = null };

    private static readonly TrackDescription Aac = new(1, TrackKind.Audio, MediaCodec.Aac, 16000, 1, []);

    private static readonly TrackDescription High = SdpTestData.H264Video with { Profile = "640028" };

    [Fact]
    public void Plan_H265AndAac_OffersH265ThenTranscodedH264AndOpusFromAac()
    {
        var (alternatives, reason) = OmeOfferWriter.Plan([H265, Aac], new FakeTrackTranscoders());

        Assert.Null(reason);
        Assert.Equal(
            [(0, 98, MediaCodec.H265, false), (0, 97, MediaCodec.H264, true), (1, 111, MediaCodec.Opus, true)],
            alternatives.Select(t => (t.SectionIndex, t.PayloadType, t.Track.Codec, t.IsTranscoded)));
        Assert.Equal("level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f", alternatives[1].FormatParameters);
    }

    [Fact]
    public void Plan_HighProfileCamera_OffersConstrainedBaselineAlternative_ConstrainedBaselineCameraNone()
    {
        var transcoders = new FakeTrackTranscoders();

        Assert.Equal([96, 97], OmeOfferWriter.Plan([High], transcoders).Alternatives.Select(t => t.PayloadType));
        Assert.Equal([96], OmeOfferWriter.Plan([SdpTestData.H264Video], transcoders).Alternatives.Select(t => t.PayloadType));
    }

    [Fact]
    public void Plan_TranscoderRefuses_CameraCodecOnlyOrItsReason()
    {
        var transcoders = new FakeTrackTranscoders { Refusal = "transcoding_busy" };

        Assert.Equal([98], OmeOfferWriter.Plan([H265, Aac], transcoders).Alternatives.Select(t => t.PayloadType));
        Assert.Equal("transcoding_busy", OmeOfferWriter.Plan([Aac], transcoders).Reason);
    }

    [Fact]
    public void Write_SectionWithTwoPayloadTypes_OneSsrcAndBothFormats()
    {
        var (alternatives, _) = OmeOfferWriter.Plan([H265, Aac], new FakeTrackTranscoders());

        var offer = OmeOfferWriter.Write(alternatives, Local()).Offer!;

        Assert.Contains("m=video 9 UDP/TLS/RTP/SAVPF 98 97\r\n", offer.Sdp, StringComparison.Ordinal);
        Assert.Contains("a=rtpmap:97 H264/90000\r\n", offer.Sdp, StringComparison.Ordinal);
        Assert.Contains("m=audio 9 UDP/TLS/RTP/SAVPF 111\r\n", offer.Sdp, StringComparison.Ordinal);
        Assert.Equal(2, offer.Sdp.Split("\r\n").Count(l => l.StartsWith("a=ssrc:", StringComparison.Ordinal) && l.Contains("cname:", StringComparison.Ordinal)));
        Assert.True(BrowserOfferReader.Read(offer.Sdp, BrowserSdpRole.Offer).IsValid);
    }

    [Theory]
    [InlineData("97", 97, true)]       // a browser without H.265 keeps only the H.264 alternative
    [InlineData("98 97", 98, false)]   // one with H.265 keeps both: the camera's own codec goes out
    public void Read_AnswerKeepsWhatTheBrowserDecodes_FirstOfOursWins(string videoFormats, int sent, bool transcoded)
    {
        var (alternatives, _) = OmeOfferWriter.Plan([H265, Aac], new FakeTrackTranscoders());
        var offer = OmeOfferWriter.Write(alternatives, Local()).Offer!;

        var result = OmeAnswerReader.Read(Answer(videoFormats), offer);

        Assert.True(result.IsValid, result.Reason);
        Assert.Equal([(sent, transcoded), (111, true)], result.Accepted.Select(t => (t.PayloadType, t.IsTranscoded)));
    }

    private static LocalSdpParameters Local() => SdpTestData.Local(H265, Aac) with
    {
        Ssrcs = new Dictionary<int, uint> { [0] = 0x1000, [TranscodedTrackIds.Of(0)] = 0x1000, [TranscodedTrackIds.Of(1)] = 0x1001 },
    };

    private static string Answer(string videoFormats)
    {
        var video = "m=video 9 UDP/TLS/RTP/SAVPF " + videoFormats + "\r\n" + Transport("0") +
            (videoFormats.Contains("98", StringComparison.Ordinal) ? "a=rtpmap:98 H265/90000\r\n" : string.Empty) +
            "a=rtpmap:97 H264/90000\r\n" +
            "a=fmtp:97 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f\r\n";
        var audio = "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\n" + Transport("1") + "a=rtpmap:111 opus/48000/2\r\n";
        return "v=0\r\no=- 8903171632851130541 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0 1\r\na=msid-semantic: WMS\r\n" + video + audio;
    }

    private static string Transport(string mid) =>
        "c=IN IP4 0.0.0.0\r\na=ice-ufrag:Kx9q\r\na=ice-pwd:3Xq0mJ2yT1yKxZ8Yv5r6O4Tb\r\n" +
        "a=fingerprint:" + ChromiumOffers.Fingerprint + "\r\na=setup:active\r\na=mid:" + mid + "\r\na=recvonly\r\na=rtcp-mux\r\n";
}
