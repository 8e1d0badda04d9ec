using SecureStream.Media.Frames;
using SecureStream.Media.Tests.Transcoding;
using SecureStream.Media.Transcoding;
using SecureStream.Media.WebRtc.Sdp;

namespace SecureStream.Media.Tests.WebRtc.Sdp;

/// <summary>Pass-through by decoder capability, transcoding when the browser cannot decode the camera, refusal only when nothing plays.</summary>
public sealed class CodecMatcherCompatibilityTests
{
    private const string Mode1 = "level-asymmetry-allowed=1;packetization-mode=1";

    private static readonly BrowserSessionDescription Chromium = SdpTestData.ReadOffer(ChromiumOffers.Offer);

    private static readonly TrackDescription Aac = new(1, TrackKind.Audio, MediaCodec.Aac, 16000, 1, []);

    public static TheoryData<string, string, bool> Matrix => new()
    {
        // camera profile-level-id, the only profile the viewer offers, plays as it is
        { "42e01f", "42001f", true },   // Constrained Baseline on Baseline
        { "42e01f", "42e01f", true },
        { "42e01f", "4d001f", true },   // on Main
        { "42e01f", "640c1f", true },   // on Constrained High
        { "42e01f", "64001f", true },   // on High
        { "42e028", "42e01f", true },   // a higher level is not a reason to refuse
        { "42001f", "42001f", true },
        { "42001f", "42e01f", false },  // Baseline (FMO/ASO) only on Baseline
        { "42001f", "4d001f", false },
        { "4d0028", "64001f", true },   // Main on High
        { "4d0028", "4d001f", true },
        { "4d0028", "42e01f", false },
        { "4d0028", "640c1f", false },  // Constrained High decoders take no B slices or interlace, which Main has
        { "640028", "64001f", true },
        { "640028", "4d001f", false },  // High only on High
        { "640028", "42e01f", false },
        { "640c1f", "64001f", true },
        { "640c1f", "4d001f", false },
    };

    [Theory]
    [MemberData(nameof(Matrix))]
    public void Match_H264ProfileByDecoderCapability(string camera, string offered, bool plays)
    {
        var offer = SdpTestData.ReadOffer(CompatibilityOffers.H264Only((102, Mode1 + ";profile-level-id=" + offered)));

        var result = CodecMatcher.Match([SdpTestData.H264Video with { Profile = camera }], offer);

        Assert.Equal(plays, result.Tracks.Any(t => t.Track.Kind == TrackKind.Video && !t.IsTranscoded));
    }

    [Fact]
    public void Match_BaselineWithoutProfileLevelId_PlaysConstrainedBaselineCamera()
    {
        // RFC 6184 §8.1: no profile-level-id is Baseline 42000a, which decodes Constrained Baseline.
        var offer = SdpTestData.ReadOffer(CompatibilityOffers.H264Only((102, "packetization-mode=1")));

        var track = Assert.Single(CodecMatcher.Match([SdpTestData.H264Video], offer).Tracks);

        Assert.Equal((102, false), (track.PayloadType, track.IsTranscoded));
        Assert.Equal(Mode1, track.FormatParameters);
    }

    [Fact]
    public void Match_ExactProfileOfferedAfterCompatibleOne_ExactWins()
    {
        var offer = SdpTestData.ReadOffer(CompatibilityOffers.H264Only(
            (100, Mode1 + ";profile-level-id=64001f"), (102, Mode1 + ";profile-level-id=42001f"), (106, Mode1 + ";profile-level-id=42e01f")));

        Assert.Equal(106, Assert.Single(CodecMatcher.Match([SdpTestData.H264Video], offer).Tracks).PayloadType);
    }

    [Fact]
    public void Match_OnlyCompatibleOffered_FirstAtTheCameraLevelWins()
    {
        var offer = SdpTestData.ReadOffer(CompatibilityOffers.H264Only(
            (100, Mode1 + ";profile-level-id=64000a"), (127, Mode1 + ";profile-level-id=4d001f"), (101, Mode1 + ";profile-level-id=640028")));

        var track = Assert.Single(CodecMatcher.Match([SdpTestData.H264Video], offer).Tracks);

        Assert.Equal((127, Mode1 + ";profile-level-id=4d001f"), (track.PayloadType, track.FormatParameters));
    }

    [Fact]
    public void Match_HighCameraOnConstrainedBaselineViewer_TranscodedToConstrainedBaseline()
    {
        var camera = SdpTestData.H264Video with { Profile = "640028" };
        var offer = SdpTestData.ReadOffer(CompatibilityOffers.H264Only((106, Mode1 + ";profile-level-id=42e01f")));

        var track = Assert.Single(CodecMatcher.Match([camera], offer, new FakeTrackTranscoders()).Tracks);

        Assert.True(track.IsTranscoded);
        Assert.Equal((camera, TranscodedTrackIds.Of(0), MediaCodec.H264, 106), (track.Source, track.Track.TrackId, track.Track.Codec, track.PayloadType));
    }

    [Fact]
    public void Match_H265CameraOnBrowserWithoutH265_TranscodedToH264()
    {
        var camera = SdpTestData.H264Video with { Codec = MediaCodec.H265, Profile = null };

        var track = Assert.Single(CodecMatcher.Match([camera], Chromium, new FakeTrackTranscoders()).Tracks);

        Assert.Equal((true, MediaCodec.H264, 106, "1"), (track.IsTranscoded, track.Track.Codec, track.PayloadType, track.Mid));
    }

    [Fact]
    public void Match_H265CameraOnBrowserWithH265_PassesThroughWithoutAskingTranscoders()
    {
        var camera = SdpTestData.H264Video with { Codec = MediaCodec.H265, Profile = null };
        var transcoders = new FakeTrackTranscoders { Refusal = "must_not_be_asked" };

        var track = Assert.Single(CodecMatcher.Match([camera], SdpTestData.ReadOffer(ChromiumOffers.OfferWithH265), transcoders).Tracks);

        Assert.Equal((false, MediaCodec.H265), (track.IsTranscoded, track.Track.Codec));
    }

    [Fact]
    public void Match_AacWithH264_VideoPassesThroughAudioBecomesOpus()
    {
        var result = CodecMatcher.Match([SdpTestData.H264Video, Aac], Chromium, new FakeTrackTranscoders());

        Assert.Equal(
            [("0", 111, MediaCodec.Opus, true, 1), ("1", 106, MediaCodec.H264, false, 0)],
            result.Tracks.Select(t => (t.Mid, t.PayloadType, t.Track.Codec, t.IsTranscoded, t.Source.TrackId)));
        Assert.Equal((TranscodedTrackIds.Of(1), 48000, 2), (result.Tracks[0].Track.TrackId, result.Tracks[0].ClockRate, result.Tracks[0].Channels));
        Assert.Empty(result.LeftOut);
    }

    [Fact]
    public void Match_AacAndViewerWithoutOpus_LeftOutAsNoCommonCodecWithoutAskingTranscoders()
    {
        var transcoders = new FakeTrackTranscoders { Refusal = "must_not_be_asked" };

        var result = CodecMatcher.Match([SdpTestData.H264Video, Aac], SdpTestData.ReadOffer(CompatibilityOffers.WithoutOpus()), transcoders);

        Assert.Equal(["1"], result.Tracks.Select(t => t.Mid));
        Assert.Equal(BrowserSdpFailure.NoCommonCodec, Assert.Single(result.LeftOut).Reason);
    }

    [Fact]
    public void Match_TranscoderRefusesAndNothingElsePlays_RefusedWithItsReason()
    {
        var camera = SdpTestData.H264Video with { Codec = MediaCodec.H265, Profile = null };

        var result = CodecMatcher.Match([camera, Aac], Chromium, new FakeTrackTranscoders { Refusal = "transcoding_busy" });

        Assert.False(result.IsMatched);
        Assert.Equal("transcoding_busy", result.Reason);
        Assert.Equal(["transcoding_busy", "transcoding_busy"], result.LeftOut.Select(l => l.Reason));
    }

    [Fact]
    public void Match_TranscoderRefusesAudioButVideoPlays_SessionWithVideoOnly()
    {
        var result = CodecMatcher.Match([SdpTestData.H264Video, Aac], Chromium, new FakeTrackTranscoders { Refusal = "transcoding_busy" });

        Assert.Equal([MediaCodec.H264], result.Tracks.Select(t => t.Track.Codec));
        Assert.Equal((Aac, "transcoding_busy"), (result.LeftOut[0].Track, result.LeftOut[0].Reason));
    }

    [Fact]
    public void Match_NoH264AtAll_NoCommonCodecEvenWithTranscoders()
    {
        var camera = SdpTestData.H264Video with { Codec = MediaCodec.H265, Profile = null };
        var offer = SdpTestData.ReadOffer(ChromiumOffers.Offer.Replace("packetization-mode=1", "packetization-mode=0", StringComparison.Ordinal));

        Assert.Equal(BrowserSdpFailure.NoCommonCodec, CodecMatcher.Match([camera], offer, new FakeTrackTranscoders()).Reason);
    }
}
