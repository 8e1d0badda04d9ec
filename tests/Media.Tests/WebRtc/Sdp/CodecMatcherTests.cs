using SecureStream.Media.Frames;
using SecureStream.Media.WebRtc.Sdp;

namespace SecureStream.Media.Tests.WebRtc.Sdp;

public sealed class CodecMatcherTests
{
    private static readonly BrowserSessionDescription Chromium = SdpTestData.ReadOffer(ChromiumOffers.Offer);

    public static TheoryData<string, int, string> H264Cameras => new()
    {
        // Camera profile → Chromium's packetization-mode=1 payload type of the same profile class.
        { "42e01f", 106, "42e01f" },
        { "42e028", 106, "42e01f" },
        { "42001f", 102, "42001f" },
        { "4d0028", 127, "4d001f" },
        { "640028", 100, "64001f" },
        { "640c1f", 112, "640c1f" },
    };

    [Theory]
    [MemberData(nameof(H264Cameras))]
    public void Match_H264Camera_PicksSameProfileWithPacketizationMode1(string cameraProfile, int payloadType, string answeredProfile)
    {
        var camera = SdpTestData.H264Video with { Profile = cameraProfile };

        var result = CodecMatcher.Match([camera], Chromium);

        var track = Assert.Single(result.Tracks);
        Assert.Equal((payloadType, "1", "H264"), (track.PayloadType, track.Mid, track.EncodingName));
        Assert.Equal("level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=" + answeredProfile, track.FormatParameters);
        Assert.Equal(CodecMatcher.VideoFeedback, track.Feedback);
    }

    [Fact]
    public void Match_CameraProfileFromSps_WhenSdpNamesNone()
    {
        var camera = SdpTestData.H264Video with { Profile = null, ParameterSets = [new byte[] { 0x67, 0x4d, 0x00, 0x28, 0x95 }] };

        Assert.Equal(127, Assert.Single(CodecMatcher.Match([camera], Chromium).Tracks).PayloadType);
    }

    [Fact]
    public void Match_UnknownProfile_TakesConstrainedBaseline()
    {
        var camera = SdpTestData.H264Video with { Profile = null };

        Assert.Equal(106, Assert.Single(CodecMatcher.Match([camera], Chromium).Tracks).PayloadType);
    }

    [Fact]
    public void Match_ProfileTheBrowserLacksWithoutTranscoding_IsTranscodingDisabled()
    {
        var camera = SdpTestData.H264Video with { Profile = "f4001f" };

        var result = CodecMatcher.Match([camera], Chromium);

        Assert.False(result.IsMatched);
        Assert.Equal(BrowserSdpFailure.TranscodingDisabled, result.Reason);
        Assert.Equal(BrowserSdpFailure.TranscodingDisabled, Assert.Single(result.LeftOut).Reason);
    }

    [Fact]
    public void Match_OnlyPacketizationMode0Offered_IsNoCommonCodec()
    {
        var offer = SdpTestData.ReadOffer(ChromiumOffers.Offer.Replace("packetization-mode=1", "packetization-mode=0", StringComparison.Ordinal));

        Assert.Equal(BrowserSdpFailure.NoCommonCodec, CodecMatcher.Match([SdpTestData.H264Video], offer).Reason);
    }

    [Fact]
    public void Match_H265_OnlyWhenOffered()
    {
        var camera = SdpTestData.H264Video with { Codec = MediaCodec.H265, Profile = null };

        Assert.Equal(BrowserSdpFailure.TranscodingDisabled, CodecMatcher.Match([camera], Chromium).Reason);
        var track = Assert.Single(CodecMatcher.Match([camera], SdpTestData.ReadOffer(ChromiumOffers.OfferWithH265)).Tracks);
        Assert.Equal((49, "H265", "level-id=93;profile-id=1;tier-flag=0;tx-mode=SRST"), (track.PayloadType, track.EncodingName, track.FormatParameters));
    }

    [Theory]
    [InlineData("PCMU", 8000, 1, 0)]
    [InlineData("PCMA", 8000, 1, 8)]
    [InlineData("Opus", 48000, 2, 111)]
    public void Match_AudioOnlyCamera_TakesAudioSectionOnly(string codec, int clock, int channels, int payloadType)
    {
        var camera = new TrackDescription(0, TrackKind.Audio, Enum.Parse<MediaCodec>(codec, ignoreCase: true), clock, channels, []);

        var track = Assert.Single(CodecMatcher.Match([camera], Chromium).Tracks);

        Assert.Equal(("0", payloadType), (track.Mid, track.PayloadType));
        Assert.Empty(track.Feedback);
    }

    [Fact]
    public void Match_AacAudioWithH264Video_LeavesAudioOut()
    {
        var aac = new TrackDescription(1, TrackKind.Audio, MediaCodec.Aac, 44100, 2, []);

        var result = CodecMatcher.Match([SdpTestData.H264Video, aac], Chromium);

        Assert.Equal(["1"], result.Tracks.Select(t => t.Mid));
        var left = Assert.Single(result.LeftOut);
        Assert.Equal((aac, BrowserSdpFailure.TranscodingDisabled), (left.Track, left.Reason));
    }

    [Fact]
    public void Match_VideoAndAudio_InSectionOrder()
    {
        var result = CodecMatcher.Match([SdpTestData.H264Video, SdpTestData.PcmuAudio], Chromium);

        Assert.Equal([("0", 0), ("1", 106)], result.Tracks.Select(t => (t.Mid, t.PayloadType)));
    }

    [Fact]
    public void Match_BrowserSectionSendOnly_IsNotUsed()
    {
        var offer = SdpTestData.ReadOffer(ChromiumOffers.Offer.Replace("a=recvonly", "a=sendonly", StringComparison.Ordinal));

        Assert.Equal(BrowserSdpFailure.NoCommonCodec, CodecMatcher.Match([SdpTestData.H264Video], offer).Reason);
    }
}
