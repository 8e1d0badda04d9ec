using System.Globalization;
using System.Text;

namespace SecureStream.Media.WebRtc.Sdp;

/// <summary>
/// Writes the SDP answer to a WHEP offer (RFC 9725 §4.2, RFC 8829 §5.3): the offer's sections in
/// the same order with the same mids. We are ICE-lite and the DTLS server (a=setup:passive; the
/// browser, which offered actpass, becomes the client).
/// <list type="bullet">
/// <item>A matched section: sendonly, the one chosen payload type, msid and ssrc/cname, NACK/PLI/FIR for video.</item>
/// <item>An audio or video section the camera has nothing for: a=inactive but kept in the BUNDLE
/// group, echoing the browser's first payload type — so the browser's BUNDLE tag (its first mid)
/// never gets rejected, which Chromium handles poorly.</item>
/// <item>A section the offerer rejected, or any non-RTP section (data channels): port 0, outside BUNDLE (RFC 8843 §7.3.3).</item>
/// </list>
/// </summary>
internal static class WhepAnswerWriter
{
    public static string Write(BrowserSessionDescription offer, CodecMatchResult match, LocalSdpParameters local)
    {
        var byIndex = match.Tracks.ToDictionary(t => t.SectionIndex);
        var bundled = offer.Sections.Where(IsKept).Select(s => s.Mid).ToList();
        var sdp = new StringBuilder(2048);
        SdpSectionWriter.WriteSession(sdp, local, bundled);
        foreach (var section in offer.Sections)
        {
            if (byIndex.TryGetValue(section.Index, out var track))
            {
                SdpSectionWriter.WriteSentTrack(sdp, local, track, DtlsSetupRole.Passive, candidates: true);
            }
            else if (IsKept(section))
            {
                var first = section.PayloadTypes[0];
                var pt = first.PayloadType.ToString(CultureInfo.InvariantCulture);
                SdpSectionWriter.Line(sdp, $"m={section.Media} 9 {SdpSectionWriter.Protocol} {pt}");
                SdpSectionWriter.WriteTransport(sdp, local, section.Mid, DtlsSetupRole.Passive, candidates: true);
                SdpSectionWriter.Line(sdp, "a=inactive");
                if (first.EncodingName.Length > 0 && IsToken(first.EncodingName))
                {
                    SdpSectionWriter.Line(sdp, first.Channels > 1
                        ? string.Create(CultureInfo.InvariantCulture, $"a=rtpmap:{pt} {first.EncodingName}/{first.ClockRate}/{first.Channels}")
                        : string.Create(CultureInfo.InvariantCulture, $"a=rtpmap:{pt} {first.EncodingName}/{first.ClockRate}"));
                }
            }
            else
            {
                // RFC 8866 §5.14: a rejected section keeps its media and protocol, port 0, some format.
                var format = section.PayloadTypes.Count > 0
                    ? section.PayloadTypes[0].PayloadType.ToString(CultureInfo.InvariantCulture)
                    : section.Protocol.Contains("SCTP", StringComparison.Ordinal) ? "webrtc-datachannel" : "0";
                SdpSectionWriter.Line(sdp, $"m={Token(section.Media)} 0 {Token(section.Protocol)} {format}");
                SdpSectionWriter.Line(sdp, "c=IN IP4 0.0.0.0");
                SdpSectionWriter.Line(sdp, "a=mid:" + section.Mid);
            }
        }

        return sdp.ToString();
    }

    private static bool IsKept(BrowserMediaSection section) =>
        !section.IsRejected && section.Kind is not null && section.PayloadTypes.Count > 0;

    // The media and protocol tokens of a rejected section are echoed; keep them to SDP token characters
    // so nothing the browser wrote can shape our answer beyond one word.
    private static string Token(string value) => IsToken(value) && value.Length <= 64 ? value : "unknown";

    private static bool IsToken(string value) =>
        value.Length > 0 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '-' or '_' or '.' or '+');
}
