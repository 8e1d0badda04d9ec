using System.Text;
using SecureStream.Media.Frames;

namespace SecureStream.Media.WebRtc.Sdp;

/// <summary>
/// Writes the server offer of the OME WebSocket protocol (docs/playback.md): one sendonly section
/// per camera track WebRTC can carry, BUNDLE, rtcp-mux, ICE-lite, <c>a=setup:actpass</c> (RFC 8842
/// §5.2 — the browser answers active and we stay the DTLS server), our sha-256 fingerprint.
/// Codecs are the camera's own: H.264 packetization-mode=1 with the camera's profile-level-id
/// (Constrained Baseline 3.1 when it names none), H.265, PCMU (0), PCMA (8), Opus (111).
/// Candidates are not in the SDP: the signalling sends them in the message's <c>candidates</c>
/// array (<see cref="Ice.IceCandidate.ToString"/>), which is where OvenPlayer reads and rewrites them.
/// </summary>
internal static class OmeOfferWriter
{
    public const int H264PayloadType = 96;
    public const int H265PayloadType = 98;
    public const int OpusPayloadType = 111;

    public static OmeOfferResult Write(IReadOnlyList<TrackDescription> cameraTracks, LocalSdpParameters local)
    {
        var tracks = new List<NegotiatedTrack>(cameraTracks.Count);
        foreach (var track in cameraTracks)
        {
            var index = tracks.Count;
            var mid = index.ToString(System.Globalization.CultureInfo.InvariantCulture);
            NegotiatedTrack? offered = track.Codec switch
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
            // A track whose kind contradicts its codec (an "audio" H.264 track) is not offered.
            if (offered is not null && track.Kind == (track.Codec is MediaCodec.H264 or MediaCodec.H265 ? TrackKind.Video : TrackKind.Audio))
            {
                tracks.Add(offered);
            }
        }

        if (tracks.Count == 0)
        {
            return new OmeOfferResult(null, BrowserSdpFailure.NoCommonCodec);
        }

        var sdp = new StringBuilder(1024 * tracks.Count);
        SdpSectionWriter.WriteSession(sdp, local, tracks.Select(t => t.Mid));
        foreach (var track in tracks)
        {
            SdpSectionWriter.WriteSentTrack(sdp, local, track, DtlsSetupRole.ActPass, candidates: false);
        }

        return new OmeOfferResult(new OmeOffer(sdp.ToString(), tracks), null);
    }
}
