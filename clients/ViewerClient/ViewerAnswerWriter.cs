using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using SecureStream.Media.Sdp;
using SecureStream.Media.WebRtc.Dtls;
using SecureStream.Media.WebRtc.Ice;

namespace SecureStream.ViewerClient;

/// <summary>
/// Writes a receive-only viewer's answer to a gateway's offer (RFC 8829 §5.3, RFC 3264 §6): one
/// section per offered section in the same order with the same mid; a section the gateway sends
/// (<c>sendonly</c>/<c>sendrecv</c>) with a codec the viewer plays (H.264 packetization-mode 1,
/// Opus, PCMU, PCMA) is accepted <c>recvonly</c> with the offered payload types of those codecs
/// mirrored (rtpmap, fmtp), anything else is rejected with port 0 (RFC 3264 §6). Accepted
/// sections share one BUNDLE group (RFC 8843) and rtcp-mux and carry the viewer's ICE
/// credentials, the sha-256 fingerprint of its certificate and <c>a=setup:active</c> (RFC 8842
/// §5.2: the answerer to actpass picks the DTLS client role, as the viewer always is). No
/// candidates: the viewer's socket does not exist yet; its host candidate may trickle later
/// (<see cref="IViewerCandidateSignalling"/>). The viewer checks the gateway's candidate itself as the controlling agent, and an
/// ICE-lite gateway learns the viewer's address from those checks (RFC 8445 §7.3.1.3).
/// </summary>
internal static class ViewerAnswerWriter
{
    public static bool TryWrite(
        string offer,
        IceCredentials ice,
        DtlsFingerprint fingerprint,
        [NotNullWhen(true)] out string? answer,
        [NotNullWhen(false)] out string? reason)
    {
        answer = null;
        if (!SdpParser.TryParse(Encoding.UTF8.GetBytes(offer), SdpLimits.BrowserMaxAttributesPerSection, SdpLimits.BrowserMaxFormatsPerMedia, out var description, out var error))
        {
            reason = "offer_malformed_" + error.ToString().ToLowerInvariant();
            return false;
        }

        var sections = new List<(SdpMediaDescription Media, string Mid, IReadOnlyList<int> Accepted)>();
        foreach (var media in description!.Media)
        {
            var mid = Find(media.Attributes, "mid");
            if (mid is null)
            {
                reason = "offer_section_without_mid"; // RFC 8843 §7.1: bundled sections need one
                return false;
            }

            var sends = media.Port != 0
                && (media.Attributes.Any(a => a.Name is "sendonly" or "sendrecv") || !media.Attributes.Any(a => a.Name is "recvonly" or "inactive"));
            var accepted = sends && media.Protocol == "UDP/TLS/RTP/SAVPF"
                ? media.Formats.Where(pt => Plays(media, pt)).ToList()
                : [];
            sections.Add((media, mid, accepted));
        }

        if (!sections.Exists(s => s.Accepted.Count > 0))
        {
            reason = "offer_no_playable_track";
            return false;
        }

        var sdp = new StringBuilder(1024);
        Line(sdp, "v=0");
        Line(sdp, string.Create(CultureInfo.InvariantCulture, $"o=- {Random.Shared.NextInt64(1, long.MaxValue)} 2 IN IP4 127.0.0.1"));
        Line(sdp, "s=-");
        Line(sdp, "t=0 0");
        Line(sdp, "a=group:BUNDLE " + string.Join(' ', sections.Where(s => s.Accepted.Count > 0).Select(s => s.Mid)));
        Line(sdp, "a=msid-semantic: WMS");
        foreach (var (media, mid, accepted) in sections)
        {
            if (accepted.Count == 0)
            {
                // RFC 3264 §6: a rejected stream keeps its place with port 0 and one offered format.
                var format = media.Formats.Count > 0 ? media.Formats[0].ToString(CultureInfo.InvariantCulture) : "0";
                Line(sdp, $"m={media.Media} 0 {media.Protocol} {format}");
                Line(sdp, "c=IN IP4 0.0.0.0");
                Line(sdp, "a=mid:" + mid);
                Line(sdp, "a=inactive");
                continue;
            }

            Line(sdp, $"m={media.Media} 9 UDP/TLS/RTP/SAVPF " + string.Join(' ', accepted.Select(pt => pt.ToString(CultureInfo.InvariantCulture))));
            ViewerOfferWriter.Transport(sdp, ice, fingerprint, mid);
            foreach (var pt in accepted)
            {
                var map = media.RtpMaps.GetValueOrDefault(pt);
                var text = pt.ToString(CultureInfo.InvariantCulture);
                if (map is not null)
                {
                    Line(sdp, string.Create(CultureInfo.InvariantCulture, $"a=rtpmap:{text} {map.EncodingName}/{map.ClockRate}")
                        + (map.Channels > 1 ? string.Create(CultureInfo.InvariantCulture, $"/{map.Channels}") : string.Empty));
                }

                if (media.Media == "video")
                {
                    Line(sdp, $"a=rtcp-fb:{text} nack");
                    Line(sdp, $"a=rtcp-fb:{text} nack pli");
                    Line(sdp, $"a=rtcp-fb:{text} ccm fir");
                }

                if (media.FormatParameters.TryGetValue(pt, out var fmtp))
                {
                    Line(sdp, $"a=fmtp:{text} {fmtp}");
                }
            }
        }

        answer = sdp.ToString();
        reason = null;
        return true;
    }

    /// <summary>The mid of the first accepted (non-zero port) section of an answer this class wrote; null when none.</summary>
    public static string? FirstAcceptedMid(string answer)
    {
        string? mid = null;
        var accepted = false;
        foreach (var line in answer.Split("\r\n"))
        {
            if (line.StartsWith("m=", StringComparison.Ordinal))
            {
                accepted = !line.Contains(" 0 ", StringComparison.Ordinal);
            }
            else if (accepted && line.StartsWith("a=mid:", StringComparison.Ordinal))
            {
                mid = line["a=mid:".Length..];
                break;
            }
        }

        return mid;
    }

    // What ViewerTrackMonitor checks: H.264 in packetization mode 1 (RFC 6184 §6.3) and the audio
    // codecs the viewer's own offer lists; PCMU and PCMA may go without rtpmap (RFC 3551 §6).
    private static bool Plays(SdpMediaDescription media, int pt)
    {
        var name = media.RtpMaps.TryGetValue(pt, out var map) ? map.EncodingName.ToUpperInvariant()
            : pt == 0 ? "PCMU" : pt == 8 ? "PCMA" : string.Empty;
        return media.Media switch
        {
            "video" => name == "H264" && media.FormatParameters.TryGetValue(pt, out var fmtp)
                && fmtp.Replace(" ", string.Empty, StringComparison.Ordinal).Contains("packetization-mode=1", StringComparison.OrdinalIgnoreCase),
            "audio" => name is "OPUS" or "PCMU" or "PCMA",
            _ => false,
        };
    }

    private static string? Find(IReadOnlyList<SdpAttribute> attributes, string name) =>
        attributes.FirstOrDefault(a => a.Name == name)?.Value.Trim();

    private static void Line(StringBuilder sdp, string line) => sdp.Append(line).Append("\r\n");
}
