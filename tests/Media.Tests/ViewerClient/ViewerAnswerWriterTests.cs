using System.Text;
using SecureStream.Media.Sdp;
using SecureStream.Media.WebRtc.Dtls;
using SecureStream.Media.WebRtc.Ice;
using SecureStream.ViewerClient;

namespace SecureStream.Media.Tests.ViewerClient;

/// <summary>The viewer's answer to a gateway's offer (Janus), parsed back with the project's SDP parser.</summary>
public sealed class ViewerAnswerWriterTests
{
    private static readonly DtlsFingerprint Fingerprint = DtlsCertificate.Generate(TimeProvider.System).Fingerprint;

    [Fact]
    public void TryWrite_JanusVideoOffer_RecvonlyH264WithViewerCredentialsAndActiveSetup()
    {
        var ice = IceCredentials.Generate();

        Assert.True(ViewerAnswerWriter.TryWrite(JanusOffers.Video, ice, Fingerprint, out var answer, out var reason), reason);

        var description = Parse(answer);
        Assert.Equal("BUNDLE v", Attribute(description.Attributes, "group"));
        var video = Assert.Single(description.Media);
        Assert.Equal(("video", 9, "UDP/TLS/RTP/SAVPF"), (video.Media, video.Port, video.Protocol));
        Assert.Equal([96], video.Formats); // rtx (97) is not asked for
        Assert.Equal("v", Attribute(video.Attributes, "mid"));
        Assert.Contains(video.Attributes, a => a.Name == "recvonly");
        Assert.Contains(video.Attributes, a => a.Name == "rtcp-mux");
        Assert.Equal("active", Attribute(video.Attributes, "setup"));
        Assert.Equal(ice.Ufrag, Attribute(video.Attributes, "ice-ufrag"));
        Assert.Equal(ice.Password, Attribute(video.Attributes, "ice-pwd"));
        Assert.Equal(Fingerprint.SdpValue, Attribute(video.Attributes, "fingerprint"));
        Assert.Equal(("H264", 90000), (video.RtpMaps[96].EncodingName, video.RtpMaps[96].ClockRate));
        Assert.Contains("sprop-parameter-sets=Z0LAHtoCgL/lwEQAAAMABAAAAwDIPFi6gA==,aM4xMg==", video.FormatParameters[96], StringComparison.Ordinal);
        Assert.DoesNotContain(video.Attributes, a => a.Name is "candidate" or "end-of-candidates");
    }

    [Fact]
    public void TryWrite_AudioVideoData_AudioAndH264AcceptedDataRejectedInPlace()
    {
        Assert.True(ViewerAnswerWriter.TryWrite(JanusOffers.AudioVideoData, IceCredentials.Generate(), Fingerprint, out var answer, out var reason), reason);

        var description = Parse(answer);
        Assert.Equal("BUNDLE a v", Attribute(description.Attributes, "group"));
        Assert.Equal(["audio", "video", "application"], description.Media.Select(m => m.Media));
        Assert.Equal(["a", "v", "d"], description.Media.Select(m => Attribute(m.Attributes, "mid")));
        Assert.Equal([111], description.Media[0].Formats);
        Assert.Equal(("opus", 2), (description.Media[0].RtpMaps[111].EncodingName, description.Media[0].RtpMaps[111].Channels));
        Assert.Equal([96], description.Media[1].Formats); // VP8 is not played
        Assert.Equal(0, description.Media[2].Port); // RFC 3264 §6
        Assert.Equal("a", ViewerAnswerWriter.FirstAcceptedMid(answer));
    }

    public static TheoryData<string, string, string> Refused => new()
    {
        { "not_sdp", "hello", "offer_malformed_" },
        { "recvonly_only", JanusOffers.Video.Replace("a=sendonly", "a=recvonly", StringComparison.Ordinal), "offer_no_playable_track" },
        { "vp8_only", JanusOffers.Video.Replace("H264/90000", "VP8/90000", StringComparison.Ordinal), "offer_no_playable_track" },
        { "packetization_mode_0", JanusOffers.Video.Replace("packetization-mode=1", "packetization-mode=0", StringComparison.Ordinal), "offer_no_playable_track" },
        { "no_mid", JanusOffers.Video.Replace("a=mid:v\r\n", string.Empty, StringComparison.Ordinal), "offer_section_without_mid" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void TryWrite_UnplayableOffer_RefusedWithReason(string name, string offer, string expected)
    {
        Assert.False(ViewerAnswerWriter.TryWrite(offer, IceCredentials.Generate(), Fingerprint, out var answer, out var reason), name);

        Assert.Null(answer);
        Assert.StartsWith(expected, reason, StringComparison.Ordinal);
    }

    [Fact]
    public void FirstAcceptedMid_RejectedSectionFirst_SkipsIt()
    {
        const string answer = "v=0\r\nm=application 0 UDP/DTLS/SCTP x\r\na=mid:d\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\na=mid:v\r\n";

        Assert.Equal("v", ViewerAnswerWriter.FirstAcceptedMid(answer));
    }

    private static SessionDescription Parse(string sdp)
    {
        Assert.True(SdpParser.TryParse(Encoding.UTF8.GetBytes(sdp), SdpLimits.BrowserMaxAttributesPerSection, SdpLimits.BrowserMaxFormatsPerMedia, out var description, out var error), error.ToString());
        return description!;
    }

    private static string? Attribute(IReadOnlyList<SdpAttribute> attributes, string name) =>
        attributes.FirstOrDefault(a => a.Name == name)?.Value.Trim();
}
