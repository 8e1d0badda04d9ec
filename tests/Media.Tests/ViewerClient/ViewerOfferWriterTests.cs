using SecureStream.Media.Frames;
using SecureStream.Media.Tests.WebRtc.Sdp;
using SecureStream.Media.WebRtc.Dtls;
using SecureStream.Media.WebRtc.Ice;
using SecureStream.Media.WebRtc.Sdp;
using SecureStream.ViewerClient;

namespace SecureStream.Media.Tests.ViewerClient;

/// <summary>The viewer's offer, read back by the gateway's own offer reader and codec matcher.</summary>
public sealed class ViewerOfferWriterTests
{
    private static readonly DtlsCertificate Certificate = DtlsCertificate.Generate(TimeProvider.System);

    [Fact]
    public void Write_ReadByBrowserOfferReader_RecvOnlyBundledWithOwnIceAndFingerprint()
    {
        var ice = IceCredentials.Generate();

        var read = BrowserOfferReader.Read(ViewerOfferWriter.Write(ice, Certificate.Fingerprint), BrowserSdpRole.Offer);

        Assert.True(read.IsValid, read.Reason);
        var offer = read.Description;
        Assert.Equal(ice.Ufrag, offer.RemoteIce.Ufrag);
        Assert.Equal(ice.Password, offer.RemoteIce.Password);
        Assert.True(offer.Fingerprint.Matches(Certificate.Der));
        Assert.Equal(DtlsSetupRole.Active, offer.Setup);
        Assert.Equal([ViewerOfferWriter.AudioMid, ViewerOfferWriter.VideoMid], offer.BundleMids);
        Assert.All(offer.Sections, s => Assert.Equal(MediaDirection.RecvOnly, s.Direction));
        Assert.All(offer.Sections, s => Assert.True(s.RtcpMux));
        Assert.Equal([TrackKind.Audio, TrackKind.Video], offer.Sections.Select(s => s.Kind));
    }

    [Fact]
    public void Write_H264PayloadTypes_PacketizationModeOneWithEachProfile()
    {
        var offer = SdpTestData.ReadOffer(ViewerOfferWriter.Write(IceCredentials.Generate(), Certificate.Fingerprint));

        var video = offer.Sections.Single(s => s.Kind == TrackKind.Video).PayloadTypes;
        Assert.Equal(ViewerOfferWriter.H264PayloadTypes.Select(t => t.PayloadType), video.Select(p => p.PayloadType));
        Assert.All(video, p => Assert.Equal("H264", p.EncodingName));
        Assert.All(video, p => Assert.Equal("1", p.Parameters["packetization-mode"]));
        Assert.All(video, p => Assert.Contains("nack pli", p.Feedback));
        var audio = offer.Sections.Single(s => s.Kind == TrackKind.Audio).PayloadTypes;
        Assert.Equal(["opus", "PCMU"], audio.Select(p => p.EncodingName));
    }

    [Fact]
    public void Write_CameraH264AndPcmu_CodecMatcherPicksBoth()
    {
        var offer = SdpTestData.ReadOffer(ViewerOfferWriter.Write(IceCredentials.Generate(), Certificate.Fingerprint));

        var match = CodecMatcher.Match([SdpTestData.H264Video, SdpTestData.PcmuAudio], offer);

        Assert.True(match.IsMatched, match.Reason);
        Assert.Equal(2, match.Tracks.Count);
    }

    [Fact]
    public void Write_VideoOnly_OneBundledSection()
    {
        var offer = SdpTestData.ReadOffer(ViewerOfferWriter.Write(IceCredentials.Generate(), Certificate.Fingerprint, audio: false));

        Assert.Equal([ViewerOfferWriter.VideoMid], offer.BundleMids);
        Assert.Single(offer.Sections);
    }
}
