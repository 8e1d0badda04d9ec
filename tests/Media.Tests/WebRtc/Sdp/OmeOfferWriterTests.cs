using System.Text;
using SecureStream.Media.Frames;
using SecureStream.Media.Sdp;
using SecureStream.Media.WebRtc.Sdp;

namespace SecureStream.Media.Tests.WebRtc.Sdp;

public sealed class OmeOfferWriterTests
{
    [Fact]
    public void Write_H264AndPcmuCamera_OffersSendOnlyBundleActPass()
    {
        var camera = SdpTestData.H264Video with { Profile = "4d0028" };
        var local = SdpTestData.Local(camera, SdpTestData.PcmuAudio);

        var result = OmeOfferWriter.Write([camera, SdpTestData.PcmuAudio], local);

        Assert.True(result.IsValid, result.Reason);
        Assert.True(SdpParser.TryParse(Encoding.UTF8.GetBytes(result.Offer.Sdp), out var sdp, out _));
        Assert.Equal(["BUNDLE 0 1"], sdp!.Attributes.Where(a => a.Name == "group").Select(a => a.Value));
        Assert.Single(sdp.Attributes, a => a.Name == "ice-lite");
        Assert.Equal([[96], [0]], sdp.Media.Select(m => m.Formats));
        Assert.Equal("level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=4d0028", sdp.Media[0].FormatParameters[96]);
        foreach (var media in sdp.Media)
        {
            Assert.Single(media.Attributes, a => a.Name == "sendonly");
            Assert.Single(media.Attributes, a => a.Name == "rtcp-mux");
            Assert.Single(media.Attributes, a => a is { Name: "setup", Value: "actpass" });
            Assert.Single(media.Attributes, a => a.Name == "fingerprint" && a.Value == local.Fingerprint.SdpValue);
            Assert.DoesNotContain(media.Attributes, a => a.Name == "candidate");
        }

        Assert.Equal([("0", 96), ("1", 0)], result.Offer.Tracks.Select(t => (t.Mid, t.PayloadType)));
    }

    [Fact]
    public void Write_Offer_PassesOurOwnOfferChecks()
    {
        var local = SdpTestData.Local(SdpTestData.H264Video, SdpTestData.PcmuAudio);
        var offer = OmeOfferWriter.Write([SdpTestData.H264Video, SdpTestData.PcmuAudio], local).Offer!;

        var read = BrowserOfferReader.Read(offer.Sdp, BrowserSdpRole.Offer);

        Assert.True(read.IsValid, read.Reason);
        Assert.Equal(MediaDirection.SendOnly, read.Description.Sections[0].Direction);
    }

    [Fact]
    public void Write_H265AndOpus_UseTheirPayloadTypes()
    {
        var h265 = SdpTestData.H264Video with { Codec = MediaCodec.H265, Profile = null };
        var opus = new TrackDescription(1, TrackKind.Audio, MediaCodec.Opus, 48000, 2, []);

        var offer = OmeOfferWriter.Write([h265, opus], SdpTestData.Local(h265, opus)).Offer!;

        Assert.Contains("a=rtpmap:98 H265/90000\r\n", offer.Sdp, StringComparison.Ordinal);
        Assert.Contains("a=rtpmap:111 opus/48000/2\r\n", offer.Sdp, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_AacOnlyCameraWithoutTranscoding_IsTranscodingDisabled()
    {
        var aac = new TrackDescription(0, TrackKind.Audio, MediaCodec.Aac, 44100, 2, []);

        var result = OmeOfferWriter.Write([aac], SdpTestData.Local(aac));

        Assert.False(result.IsValid);
        Assert.Equal(BrowserSdpFailure.TranscodingDisabled, result.Reason);
    }

    [Fact]
    public void Write_TrackWhoseKindContradictsItsCodec_IsLeftOut()
    {
        var odd = SdpTestData.H264Video with { Kind = TrackKind.Audio };

        Assert.Equal(BrowserSdpFailure.NoCommonCodec, OmeOfferWriter.Write([odd], SdpTestData.Local(odd)).Reason);
    }

    [Fact]
    public void Write_VideoOnlyCamera_OffersOneSection()
    {
        var offer = OmeOfferWriter.Write([SdpTestData.H264Video], SdpTestData.Local(SdpTestData.H264Video)).Offer!;

        Assert.Contains("a=group:BUNDLE 0\r\n", offer.Sdp, StringComparison.Ordinal);
        Assert.Single(offer.Tracks);
    }
}
