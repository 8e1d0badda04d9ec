using System.Globalization;
using System.Text;
using SecureStream.Media.Frames;

namespace SecureStream.Media.WebRtc.Sdp;

/// <summary>The lines the WHEP answer and the OME offer share: session header and sent media sections (RFC 8829 §5.2–5.3).</summary>
internal static class SdpSectionWriter
{
    public const string Protocol = "UDP/TLS/RTP/SAVPF";

    /// <summary>v=, o=, s=, t=, BUNDLE and ice-lite (RFC 8839 §5.3: ice-lite is session-level only).</summary>
    public static void WriteSession(StringBuilder sdp, LocalSdpParameters local, IEnumerable<string> bundleMids)
    {
        Line(sdp, "v=0");
        Line(sdp, string.Create(CultureInfo.InvariantCulture, $"o=- {local.SessionId} 2 IN IP4 127.0.0.1"));
        Line(sdp, "s=-");
        Line(sdp, "t=0 0");
        Line(sdp, "a=group:BUNDLE " + string.Join(' ', bundleMids));
        Line(sdp, "a=ice-lite");
        Line(sdp, "a=msid-semantic: WMS " + local.StreamId);
    }

    /// <summary>The transport lines every bundled section repeats (RFC 8843 §7: identical in each).</summary>
    public static void WriteTransport(StringBuilder sdp, LocalSdpParameters local, string mid, DtlsSetupRole setup, bool candidates)
    {
        Line(sdp, "c=IN IP4 0.0.0.0");
        Line(sdp, "a=mid:" + mid);
        Line(sdp, "a=ice-ufrag:" + local.Ice.Ufrag);
        Line(sdp, "a=ice-pwd:" + local.Ice.Password);
        Line(sdp, "a=fingerprint:" + local.Fingerprint.SdpValue);
        Line(sdp, "a=setup:" + setup switch
        {
            DtlsSetupRole.Active => "active",
            DtlsSetupRole.Passive => "passive",
            _ => "actpass",
        });
        Line(sdp, "a=rtcp-mux");
        if (candidates)
        {
            foreach (var candidate in local.Candidates)
            {
                Line(sdp, candidate.ToSdpLine());
            }

            Line(sdp, "a=end-of-candidates");
        }
    }

    /// <summary>A sendonly section carrying one camera track.</summary>
    public static void WriteSentTrack(StringBuilder sdp, LocalSdpParameters local, NegotiatedTrack track, DtlsSetupRole setup, bool candidates) =>
        WriteSentSection(sdp, local, [track], setup, candidates);

    /// <summary>
    /// A sendonly section offering one track in one or more payload types (<paramref name="formats"/>:
    /// same section, ours first); the msid and SSRC are the first one's, which the others share.
    /// </summary>
    public static void WriteSentSection(StringBuilder sdp, LocalSdpParameters local, IReadOnlyList<NegotiatedTrack> formats, DtlsSetupRole setup, bool candidates)
    {
        var first = formats[0];
        var kind = first.Track.Kind == TrackKind.Video ? "video" : "audio";
        Line(sdp, $"m={kind} 9 {Protocol} " + string.Join(' ', formats.Select(f => f.PayloadType.ToString(CultureInfo.InvariantCulture))));
        WriteTransport(sdp, local, first.Mid, setup, candidates);
        Line(sdp, "a=sendonly");
        foreach (var track in formats)
        {
            var pt = track.PayloadType.ToString(CultureInfo.InvariantCulture);
            Line(sdp, track.Channels > 1
                ? string.Create(CultureInfo.InvariantCulture, $"a=rtpmap:{pt} {track.EncodingName}/{track.ClockRate}/{track.Channels}")
                : string.Create(CultureInfo.InvariantCulture, $"a=rtpmap:{pt} {track.EncodingName}/{track.ClockRate}"));
            foreach (var feedback in track.Feedback)
            {
                Line(sdp, $"a=rtcp-fb:{pt} {feedback}");
            }

            if (track.FormatParameters is not null)
            {
                Line(sdp, $"a=fmtp:{pt} {track.FormatParameters}");
            }
        }

        var trackId = string.Create(CultureInfo.InvariantCulture, $"{kind}{first.Source.TrackId}");
        Line(sdp, $"a=msid:{local.StreamId} {trackId}");
        var ssrc = local.Ssrcs[first.Track.TrackId].ToString(CultureInfo.InvariantCulture);
        Line(sdp, $"a=ssrc:{ssrc} cname:{local.CName}");
        Line(sdp, $"a=ssrc:{ssrc} msid:{local.StreamId} {trackId}");
    }

    public static void Line(StringBuilder sdp, string line) => sdp.Append(line).Append("\r\n");
}
