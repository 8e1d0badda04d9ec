using System.Globalization;
using System.Text;
using SecureStream.Media.Frames;
using SecureStream.Media.Transcoding;

namespace SecureStream.Media.WebRtc.Sdp;

/// <summary>
/// Writes the server offer of the OME WebSocket protocol (docs/playback.md): one sendonly section
/// per camera track WebRTC can carry, BUNDLE, rtcp-mux, ICE-lite, <c>a=setup:actpass</c> (RFC 8842
/// §5.2 — the browser answers active and we stay the DTLS server), our sha-256 fingerprint.
/// Candidates are not in the SDP: the signalling sends them in the message's <c>candidates</c>
/// array (<see cref="Ice.IceCandidate.ToString"/>), which is where OvenPlayer reads and rewrites them.
/// </summary>
/// <remarks>
/// We offer before knowing what the browser decodes, so a section lists what the camera's track
/// can be for a browser, ours first: the camera's own codec (H.264 packetization-mode=1 with the
/// camera's profile-level-id, Constrained Baseline 3.1 when it names none; H.265; PCMU 0, PCMA 8,
/// Opus 111), then, when a transcoder can make it, H.264 Constrained Baseline (97) for an H.265
/// camera or an H.264 camera of another profile. An AAC track is offered as Opus (111) made by a
/// transcoder. The browser's answer keeps the payload types it decodes (a browser without H.265
/// keeps only 97), and <see cref="OmeAnswerReader"/> takes the first of ours it kept, so a
/// transcoder runs only for a browser that needs it. Every payload type of a section is one RTP
/// stream to the browser: the section's SSRC is the same whichever is sent.
/// </remarks>
internal static class OmeOfferWriter
{
    public const int H264PayloadType = 96;
    public const int TranscodedH264PayloadType = 97;
    public const int H265PayloadType = 98;
    public const int OpusPayloadType = 111;

    /// <summary>
    /// The tracks to offer: per section, the alternatives in our order of preference (each a
    /// <see cref="NegotiatedTrack"/> with the section's index and mid), or the reason nothing can be offered.
    /// </summary>
    public static (IReadOnlyList<NegotiatedTrack> Alternatives, string? Reason) Plan(IReadOnlyList<TrackDescription> cameraTracks, ITrackTranscoders? transcoders = null)
    {
        ArgumentNullException.ThrowIfNull(cameraTracks);
        var alternatives = new List<NegotiatedTrack>(cameraTracks.Count + 1);
        string? explained = null;
        var section = 0;
        foreach (var track in cameraTracks)
        {
            // A track whose kind contradicts its codec (an "audio" H.264 track) is not offered.
            var passThrough = track.Kind == KindOf(track.Codec) ? Offer(track, section) : null;
            NegotiatedTrack? transcoded = null;
            if (CodecMatcher.TranscodeTarget(track) is { } target && NeedsAlternative(track, passThrough))
            {
                var reason = transcoders is null ? BrowserSdpFailure.TranscodingDisabled : transcoders.CannotProduce(track, target);
                var output = reason is null ? transcoders!.Describe(track, target) : null;
                transcoded = output is not null && output.Kind == track.Kind ? Offer(output, section) : null;
                transcoded = transcoded is null ? null : transcoded with
                {
                    Source = track,
                    PayloadType = output!.Codec == MediaCodec.H264 ? TranscodedH264PayloadType : transcoded.PayloadType,
                };
                explained ??= reason;
            }

            if (passThrough is null && transcoded is null)
            {
                continue;
            }

            if (passThrough is not null)
            {
                alternatives.Add(passThrough);
            }

            if (transcoded is not null)
            {
                alternatives.Add(transcoded);
            }

            section++;
        }

        return alternatives.Count == 0 ? ([], explained ?? BrowserSdpFailure.NoCommonCodec) : (alternatives, null);
    }

    /// <summary>
    /// The offer for <paramref name="cameraTracks"/>; <paramref name="local"/> must name an SSRC
    /// for every alternative's track id, the same one within a section.
    /// </summary>
    public static OmeOfferResult Write(IReadOnlyList<TrackDescription> cameraTracks, LocalSdpParameters local, ITrackTranscoders? transcoders = null)
    {
        var (alternatives, reason) = Plan(cameraTracks, transcoders);
        return reason is not null ? new OmeOfferResult(null, reason) : Write(alternatives, local);
    }

    /// <summary>The offer for a <see cref="Plan"/>.</summary>
    public static OmeOfferResult Write(IReadOnlyList<NegotiatedTrack> alternatives, LocalSdpParameters local)
    {
        ArgumentNullException.ThrowIfNull(alternatives);
        ArgumentNullException.ThrowIfNull(local);
        var sections = alternatives.GroupBy(t => t.SectionIndex).OrderBy(g => g.Key).ToList();
        var sdp = new StringBuilder(1024 * sections.Count);
        SdpSectionWriter.WriteSession(sdp, local, sections.Select(s => s.First().Mid));
        foreach (var section in sections)
        {
            SdpSectionWriter.WriteSentSection(sdp, local, [.. section], DtlsSetupRole.ActPass, candidates: false);
        }

        return new OmeOfferResult(new OmeOffer(sdp.ToString(), alternatives), null);
    }

    // H.265 and H.264 of a profile not every decoder plays get an H.264 Constrained Baseline
    // alternative; AAC, which no browser takes, only the Opus one.
    private static bool NeedsAlternative(TrackDescription track, NegotiatedTrack? passThrough) =>
        passThrough is null
        || track.Codec == MediaCodec.H265
        || (track.Codec == MediaCodec.H264 && CodecMatcher.CameraH264Profile(track) is { Profile: not H264Profile.ConstrainedBaseline });

    private static TrackKind KindOf(MediaCodec codec) => codec is MediaCodec.H264 or MediaCodec.H265 ? TrackKind.Video : TrackKind.Audio;

    private static NegotiatedTrack? Offer(TrackDescription track, int index)
    {
        var mid = index.ToString(CultureInfo.InvariantCulture);
        return track.Codec switch
        {
            MediaCodec.H264 => new(track, index, mid, H264PayloadType, "H264", 90000, 1,
                CodecMatcher.H264FormatParameters(CodecMatcher.CameraH264Profile(track) ?? H264ProfileLevelId.Default), CodecMatcher.VideoFeedback),

            // RFC 7798 §7.1 defaults: Main profile, main tier, level 3.1 — what Chromium offers itself.
            MediaCodec.H265 => new(track, index, mid, H265PayloadType, "H265", 90000, 1,
                "level-id=93;profile-id=1;tier-flag=0;tx-mode=SRST", CodecMatcher.VideoFeedback),
            MediaCodec.Pcmu => new(track, index, mid, 0, "PCMU", 8000, 1, null, []),
            MediaCodec.Pcma => new(track, index, mid, 8, "PCMA", 8000, 1, null, []),

            // RFC 7587 §7: opus/48000/2 whatever the channel count.
            MediaCodec.Opus => new(track, index, mid, OpusPayloadType, "opus", 48000, 2, null, []),
            _ => null,
        };
    }
}
