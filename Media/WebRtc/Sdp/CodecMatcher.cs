using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using SecureStream.Media.Frames;
using SecureStream.Media.Transcoding;

namespace SecureStream.Media.WebRtc.Sdp;

/// <summary>
/// Chooses, for each camera track, a media section of the browser's offer and one of its payload
/// types: the camera's own codec when the browser decodes it (pass-through), else the codec a
/// transcoder makes from it when the browser takes that and <see cref="ITrackTranscoders"/> can
/// make it, else the track is left out with the reason (docs/playback.md, "Codecs"):
/// <list type="bullet">
/// <item>H.264 (RFC 6184): <c>packetization-mode=1</c> (we packetize with FU-A/STAP-A whatever the
/// camera used) and a profile whose <em>decoder</em> plays the camera's profile
/// (<see cref="H264ProfileLevelId.Decodes"/>: Constrained Baseline plays on Baseline, Main and
/// High decoders, Main on High). A payload type of exactly the camera's profile is preferred,
/// then a compatible one; within each, the first (browser order) whose level is at least the
/// camera's, else the first. The level is <em>not</em> a reason to refuse: Chromium offers level
/// 3.1 for every profile, sets level-asymmetry-allowed=1, decodes any level its decoder supports,
/// and matches codecs on the profile only (libwebrtc H264IsSameProfile) — refusing a level-4.0
/// camera would refuse every 1080p camera. A payload type without <c>profile-level-id</c> is
/// Baseline 1.0 (RFC 6184 §8.1). A camera naming no profile (neither in SDP nor SPS) is taken as
/// Constrained Baseline.</item>
/// <item>H.265 (RFC 7798): only when the browser offers it; the first H265/90000 type.</item>
/// <item>PCMU, PCMA (RFC 3551 static 0 and 8, or the same names at 8000 Hz); Opus 48000/2 (RFC 7587).</item>
/// <item>Transcoding targets: AAC → Opus; H.265 → H.264 and H.264 of a profile the browser does
/// not decode → H.264 Constrained Baseline (which every H.264 decoder plays).</item>
/// </list>
/// An answer with only video or only audio is fine; only when no track at all can be sent is the
/// offer refused, with a transcoding reason when one explains it, else <see cref="BrowserSdpFailure.NoCommonCodec"/>.
/// </summary>
internal static class CodecMatcher
{
    /// <summary>RTCP feedback the sender honours for video (RFC 4585 NACK and PLI, RFC 5104 FIR).</summary>
    public static readonly IReadOnlyList<string> VideoFeedback = ["nack", "nack pli", "ccm fir"];

    /// <summary>
    /// Matches <paramref name="cameraTracks"/> against the browser's <paramref name="offer"/>;
    /// <paramref name="transcoders"/> null means no transcoding here (tracks that would need it
    /// are left out as <see cref="BrowserSdpFailure.TranscodingDisabled"/>).
    /// </summary>
    public static CodecMatchResult Match(IReadOnlyList<TrackDescription> cameraTracks, BrowserSessionDescription offer, ITrackTranscoders? transcoders = null)
    {
        ArgumentNullException.ThrowIfNull(cameraTracks);
        ArgumentNullException.ThrowIfNull(offer);
        var used = new HashSet<int>();
        var matched = new List<NegotiatedTrack>();
        var leftOut = new List<LeftOutTrack>();
        foreach (var track in cameraTracks)
        {
            var negotiated = MatchInFreeSection(track, track, offer, used);
            string? reason = BrowserSdpFailure.NoCommonCodec;
            if (negotiated is null && TranscodeTarget(track) is { } target
                && MatchInFreeSection(Probe(track, target), track, offer, used) is not null)
            {
                reason = transcoders is null ? BrowserSdpFailure.TranscodingDisabled : transcoders.CannotProduce(track, target);
                if (reason is null)
                {
                    var output = transcoders!.Describe(track, target);
                    negotiated = output.Kind == track.Kind ? MatchInFreeSection(output, track, offer, used) : null;
                    reason = negotiated is null ? BrowserSdpFailure.NoCommonCodec : null;
                }
            }

            if (negotiated is null)
            {
                leftOut.Add(new LeftOutTrack(track, reason ?? BrowserSdpFailure.NoCommonCodec));
                continue;
            }

            used.Add(negotiated.SectionIndex);
            matched.Add(negotiated);
        }

        matched.Sort((a, b) => a.SectionIndex.CompareTo(b.SectionIndex));
        if (matched.Count > 0)
        {
            return CodecMatchResult.Matched(matched, leftOut);
        }

        // Nothing plays: a transcoding reason (switched off, no capacity) says what would have made it play.
        var explained = leftOut.FirstOrDefault(l => l.Reason != BrowserSdpFailure.NoCommonCodec)?.Reason;
        return CodecMatchResult.Failed(explained ?? BrowserSdpFailure.NoCommonCodec, leftOut);
    }

    /// <summary>
    /// The codec a transcoder would turn <paramref name="track"/> into for a browser that cannot
    /// take it as it is; null when there is none (PCMU, PCMA, Opus pass through or nothing).
    /// </summary>
    public static MediaCodec? TranscodeTarget(TrackDescription track)
    {
        ArgumentNullException.ThrowIfNull(track);
        return track.Codec switch
        {
            MediaCodec.Aac when track.Kind == TrackKind.Audio => MediaCodec.Opus,
            MediaCodec.H265 or MediaCodec.H264 when track.Kind == TrackKind.Video => MediaCodec.H264,
            _ => null,
        };
    }

    /// <summary>The camera's H.264 profile: the SDP's <c>profile-level-id</c>, else the SPS; null when neither says.</summary>
    public static H264ProfileLevelId? CameraH264Profile(TrackDescription track)
    {
        if (H264ProfileLevelId.TryParse(track.Profile, out var fromSdp))
        {
            return fromSdp;
        }

        foreach (var set in track.ParameterSets)
        {
            if (H264ProfileLevelId.TryFromSps(set.Span, out var fromSps))
            {
                return fromSps;
            }
        }

        return null;
    }

    /// <summary>The <c>a=fmtp</c> we write for H.264 with the given profile-level-id.</summary>
    public static string H264FormatParameters(H264ProfileLevelId profile) =>
        "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=" + profile.Text;

    /// <summary>
    /// What a transcoder's output looks like before one is asked: what the browser must offer for
    /// transcoding to help (Opus 48000/2; H.264 Constrained Baseline, which every H.264 decoder plays).
    /// </summary>
    private static TrackDescription Probe(TrackDescription source, MediaCodec target) => target == MediaCodec.Opus
        ? new TrackDescription(source.TrackId, TrackKind.Audio, MediaCodec.Opus, 48000, 2, [])
        : new TrackDescription(source.TrackId, TrackKind.Video, MediaCodec.H264, 90000, 1, []) { Profile = H264ProfileLevelId.Default.Text };

    private static NegotiatedTrack? MatchInFreeSection(TrackDescription track, TrackDescription source, BrowserSessionDescription offer, HashSet<int> used)
    {
        foreach (var section in offer.Sections)
        {
            if (used.Contains(section.Index) || !section.CanReceive || section.Kind != track.Kind)
            {
                continue;
            }

            if (MatchInSection(track, section) is { } negotiated)
            {
                return negotiated with { Source = source };
            }
        }

        return null;
    }

    private static NegotiatedTrack? MatchInSection(TrackDescription track, BrowserMediaSection section)
    {
        switch (track.Codec)
        {
            case MediaCodec.H264:
                return MatchH264(track, section);
            case MediaCodec.H265:
                foreach (var pt in section.PayloadTypes)
                {
                    if (Is(pt, "H265", 90000))
                    {
                        return Negotiate(track, section, pt, H265FormatParameters(pt), VideoFeedbackFor(pt));
                    }
                }

                return null;
            case MediaCodec.Pcmu or MediaCodec.Pcma:
                var name = track.Codec == MediaCodec.Pcmu ? "PCMU" : "PCMA";
                foreach (var pt in section.PayloadTypes)
                {
                    if (Is(pt, name, 8000))
                    {
                        return Negotiate(track, section, pt, null, []);
                    }
                }

                return null;
            case MediaCodec.Opus:
                foreach (var pt in section.PayloadTypes)
                {
                    // RFC 7587 §7: always opus/48000/2, whatever the stream's channel count.
                    if (Is(pt, "opus", 48000) && pt.Channels == 2)
                    {
                        return Negotiate(track, section, pt, null, []);
                    }
                }

                return null;
            default:
                return null;
        }
    }

    /// <summary>
    /// The best H.264 payload type for the track: rank 0 exact profile at the track's level or
    /// above (taken at once), 1 exact profile below it, 2 a compatible decoder at the level or
    /// above, 3 a compatible decoder below; the first of the best rank wins.
    /// </summary>
    private static NegotiatedTrack? MatchH264(TrackDescription track, BrowserMediaSection section)
    {
        var wanted = CameraH264Profile(track) ?? H264ProfileLevelId.Default;
        BrowserPayloadType? best = null;
        var bestRank = int.MaxValue;
        foreach (var pt in section.PayloadTypes)
        {
            if (!Is(pt, "H264", 90000)
                || !pt.Parameters.TryGetValue("packetization-mode", out var mode) || mode != "1"
                || !TryGetOfferedProfile(pt, out var offered)
                || !H264ProfileLevelId.Decodes(offered.Profile, wanted.Profile))
            {
                continue;
            }

            var rank = (offered.Profile == wanted.Profile ? 0 : 2) + (offered.LevelIdc >= wanted.LevelIdc ? 0 : 1);
            if (rank < bestRank)
            {
                (best, bestRank) = (pt, rank);
            }

            if (rank == 0)
            {
                break;
            }
        }

        return best is null ? null : Negotiate(track, section, best, H264AnswerParameters(best), VideoFeedbackFor(best));
    }

    // RFC 6184 §8.1: no profile-level-id means Baseline, level 1.0.
    private static bool TryGetOfferedProfile(BrowserPayloadType pt, [NotNullWhen(true)] out H264ProfileLevelId? profile)
    {
        if (pt.Parameters.TryGetValue("profile-level-id", out var text))
        {
            return H264ProfileLevelId.TryParse(text, out profile);
        }

        profile = H264ProfileLevelId.Rfc6184Default;
        return true;
    }

    // The answer names the offered profile-level-id (RFC 6184 §8.2.2: the answerer keeps the
    // offer's profile), and none when the offer named none, so both sides read the same default.
    private static string H264AnswerParameters(BrowserPayloadType pt) =>
        pt.Parameters.TryGetValue("profile-level-id", out var text) && H264ProfileLevelId.TryParse(text, out var offered)
            ? H264FormatParameters(offered)
            : "level-asymmetry-allowed=1;packetization-mode=1";

    // RFC 7798 §7.1: echo the browser's profile/tier/level (digits only), one NAL unit stream.
    private static string H265FormatParameters(BrowserPayloadType pt)
    {
        var parts = new List<string>(4);
        foreach (var name in (ReadOnlySpan<string>)["level-id", "profile-id", "tier-flag"])
        {
            if (pt.Parameters.TryGetValue(name, out var value) && value.Length is > 0 and <= 3 && value.All(char.IsAsciiDigit))
            {
                parts.Add(name + "=" + value);
            }
        }

        parts.Add("tx-mode=SRST");
        return string.Join(';', parts);
    }

    private static IReadOnlyList<string> VideoFeedbackFor(BrowserPayloadType pt) =>
        [.. VideoFeedback.Where(f => pt.Feedback.Contains(f, StringComparer.OrdinalIgnoreCase))];

    private static bool Is(BrowserPayloadType pt, string name, int clockRate) =>
        pt.ClockRate == clockRate && pt.EncodingName.Equals(name, StringComparison.OrdinalIgnoreCase);

    private static NegotiatedTrack Negotiate(TrackDescription track, BrowserMediaSection section, BrowserPayloadType pt, string? fmtp, IReadOnlyList<string> feedback) =>
        new(track, section.Index, section.Mid, pt.PayloadType, CanonicalName(track.Codec, pt.EncodingName), pt.ClockRate, pt.Channels, fmtp, feedback);

    private static string CanonicalName(MediaCodec codec, string offered) => codec switch
    {
        MediaCodec.H264 => "H264",
        MediaCodec.H265 => "H265",
        MediaCodec.Pcmu => "PCMU",
        MediaCodec.Pcma => "PCMA",
        MediaCodec.Opus => "opus",
        _ => offered.ToString(CultureInfo.InvariantCulture),
    };
}
