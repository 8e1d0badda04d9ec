using System.Globalization;
using SecureStream.Media.Frames;

namespace SecureStream.Media.WebRtc.Sdp;

/// <summary>
/// Chooses, for each camera track, a media section of the browser's offer and one of its payload
/// types. The gateway never transcodes, so a track goes out only in a codec the browser listed:
/// <list type="bullet">
/// <item>H.264 (RFC 6184): <c>packetization-mode=1</c> (we packetize with FU-A/STAP-A whatever the
/// camera used) and the same <em>profile class</em> as the camera (<see cref="H264ProfileLevelId"/>:
/// profile_idc plus the constraint flags that make e.g. Constrained Baseline). The level is
/// <em>not</em> a reason to refuse: Chromium offers level 3.1 for every profile, sets
/// level-asymmetry-allowed=1, decodes any level its decoder supports, and matches codecs on the
/// profile only (libwebrtc H264IsSameProfile) — refusing a level-4.0 camera would refuse every
/// 1080p camera. Among same-profile payload types the first (browser order) whose level is at
/// least the camera's wins, else the first. A camera naming no profile (neither in SDP nor SPS) is
/// taken as Constrained Baseline, else the browser's first packetization-mode=1 type.</item>
/// <item>H.265 (RFC 7798): only when the browser offers it; the first H265/90000 type.</item>
/// <item>PCMU, PCMA (RFC 3551 static 0 and 8, or the same names at 8000 Hz); Opus 48000/2 (RFC 7587).</item>
/// </list>
/// A track the browser cannot take is left out; an answer with only video or only audio is fine.
/// </summary>
internal static class CodecMatcher
{
    /// <summary>RTCP feedback the sender honours for video (RFC 4585 NACK and PLI, RFC 5104 FIR).</summary>
    public static readonly IReadOnlyList<string> VideoFeedback = ["nack", "nack pli", "ccm fir"];

    public static CodecMatchResult Match(IReadOnlyList<TrackDescription> cameraTracks, BrowserSessionDescription offer)
    {
        var used = new HashSet<int>();
        var matched = new List<NegotiatedTrack>();
        foreach (var track in cameraTracks)
        {
            foreach (var section in offer.Sections)
            {
                if (used.Contains(section.Index) || !section.CanReceive || section.Kind != track.Kind)
                {
                    continue;
                }

                var negotiated = MatchInSection(track, section);
                if (negotiated is not null)
                {
                    used.Add(section.Index);
                    matched.Add(negotiated);
                    break;
                }
            }
        }

        matched.Sort((a, b) => a.SectionIndex.CompareTo(b.SectionIndex));
        return matched.Count == 0 ? CodecMatchResult.Failed(BrowserSdpFailure.NoCommonCodec) : CodecMatchResult.Matched(matched);
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

    private static NegotiatedTrack? MatchH264(TrackDescription track, BrowserMediaSection section)
    {
        var camera = CameraH264Profile(track);
        BrowserPayloadType? first = null;
        H264ProfileLevelId? firstProfile = null;
        BrowserPayloadType? sameProfile = null;
        H264ProfileLevelId? sameProfileId = null;
        foreach (var pt in section.PayloadTypes)
        {
            if (!Is(pt, "H264", 90000)
                || !pt.Parameters.TryGetValue("packetization-mode", out var mode) || mode != "1")
            {
                continue;
            }

            // RFC 6184 §8.1: no profile-level-id means Baseline, level 1.0.
            if (!H264ProfileLevelId.TryParse(pt.Parameters.GetValueOrDefault("profile-level-id", "42000a"), out var offered))
            {
                continue;
            }

            if (first is null)
            {
                (first, firstProfile) = (pt, offered);
            }

            var wanted = camera ?? H264ProfileLevelId.Default;
            if (offered.Profile != wanted.Profile)
            {
                continue;
            }

            if (offered.LevelIdc >= wanted.LevelIdc)
            {
                return Negotiate(track, section, pt, H264FormatParameters(offered), VideoFeedbackFor(pt));
            }

            if (sameProfile is null)
            {
                (sameProfile, sameProfileId) = (pt, offered);
            }
        }

        if (sameProfile is not null)
        {
            return Negotiate(track, section, sameProfile, H264FormatParameters(sameProfileId!), VideoFeedbackFor(sameProfile));
        }

        // Only a camera whose profile is unknown may fall back to whatever H.264 the browser lists first.
        return camera is null && first is not null
            ? Negotiate(track, section, first, H264FormatParameters(firstProfile!), VideoFeedbackFor(first))
            : null;
    }

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
