using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Text;
using SecureStream.Media.Frames;
using SecureStream.Media.Sdp;
using SecureStream.Media.WebRtc.Dtls;
using SecureStream.Media.WebRtc.Ice;

namespace SecureStream.ViewerClient;

/// <summary>
/// Reads a gateway's answer through the project's one bounded SDP parser (<see cref="SdpParser"/>).
/// The browser-side reader (<c>BrowserOfferReader</c>) checks what a gateway must refuse; this one
/// takes what a viewer needs and refuses an answer it could not use, with a reason, never throwing.
/// Only loopback candidates are kept: the viewer is a loopback test and load client, and never
/// sends a packet off the machine whatever the answer says. A caller may widen that to another
/// address of this machine (<see cref="LocalAddresses.IsOnThisMachine"/>) for a gateway that will
/// not gather loopback candidates (Janus): packets to it still never leave the machine.
/// </summary>
internal static class ViewerAnswerReader
{
    public static bool TryRead(string sdp, [NotNullWhen(true)] out ViewerAnswer? answer, [NotNullWhen(false)] out string? reason)
        => TryRead(sdp, IPAddress.IsLoopback, out answer, out reason);

    /// <param name="acceptAddress">Which candidate addresses the viewer may send to; loopback only in the overload without it.</param>
    public static bool TryRead(string sdp, Func<IPAddress, bool> acceptAddress, [NotNullWhen(true)] out ViewerAnswer? answer, [NotNullWhen(false)] out string? reason)
    {
        answer = null;
        if (!SdpParser.TryParse(Encoding.UTF8.GetBytes(sdp), SdpLimits.BrowserMaxAttributesPerSection, SdpLimits.BrowserMaxFormatsPerMedia, out var description, out var error))
        {
            reason = "answer_malformed_" + error.ToString().ToLowerInvariant();
            return false;
        }

        string? ufrag = Find(description!.Attributes, "ice-ufrag");
        string? password = Find(description.Attributes, "ice-pwd");
        string? fingerprintText = Find(description.Attributes, "fingerprint");
        var candidates = new List<ViewerCandidate>();
        var tracks = new List<ViewerAnswerTrack>();
        foreach (var media in description.Media)
        {
            if (media.Port == 0)
            {
                continue; // RFC 8866 §5.14: rejected
            }

            // RFC 8839 §5.4 / RFC 8843 §7: bundled sections repeat the same transport lines; the first wins.
            ufrag ??= Find(media.Attributes, "ice-ufrag");
            password ??= Find(media.Attributes, "ice-pwd");
            fingerprintText ??= Find(media.Attributes, "fingerprint");
            foreach (var attribute in media.Attributes)
            {
                if (attribute.Name == "candidate" && TryReadCandidate(attribute.Value, acceptAddress, out var candidate)
                    && !candidates.Exists(c => c.Protocol == candidate.Protocol && c.EndPoint.Equals(candidate.EndPoint)))
                {
                    candidates.Add(candidate);
                }
            }

            var sends = media.Attributes.Any(a => a.Name is "sendonly" or "sendrecv")
                || !media.Attributes.Any(a => a.Name is "recvonly" or "inactive");
            TrackKind? kind = media.Media switch
            {
                "video" => TrackKind.Video,
                "audio" => TrackKind.Audio,
                _ => null,
            };
            if (!sends || kind is null || media.Formats.Count == 0)
            {
                continue;
            }

            var pt = media.Formats[0];
            var (name, clock) = media.RtpMaps.TryGetValue(pt, out var map)
                ? (map.EncodingName, map.ClockRate)
                : pt == 0 ? ("PCMU", 8000) : pt == 8 ? ("PCMA", 8000) : (string.Empty, 0);
            tracks.Add(new ViewerAnswerTrack(
                Find(media.Attributes, "mid") ?? string.Empty,
                kind.Value,
                pt,
                name,
                clock,
                media.FormatParameters.GetValueOrDefault(pt, string.Empty)));
        }

        if (ufrag is null || password is null || !IceCredentials.IsValid(ufrag, IceCredentials.MinUfragLength)
            || !IceCredentials.IsValid(password, IceCredentials.MinPasswordLength))
        {
            reason = "answer_no_ice_credentials";
            return false;
        }

        if (!DtlsFingerprint.TryParse(fingerprintText, out var fingerprint))
        {
            reason = "answer_no_sha256_fingerprint";
            return false;
        }

        if (candidates.Count == 0)
        {
            reason = "answer_no_loopback_candidate";
            return false;
        }

        if (tracks.Count == 0)
        {
            reason = "answer_no_track";
            return false;
        }

        candidates.Sort((a, b) => b.Priority.CompareTo(a.Priority));
        answer = new ViewerAnswer(new IceCredentials(ufrag, password), fingerprint, candidates, tracks);
        reason = null;
        return true;
    }

    // RFC 8839 §5.1: foundation SP component-id SP transport SP priority SP address SP port SP "typ" SP type …
    private static bool TryReadCandidate(string value, Func<IPAddress, bool> acceptAddress, [NotNullWhen(true)] out ViewerCandidate? candidate)
    {
        candidate = null;
        var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 8 || parts[1] != "1" || parts[6] != "typ"
            || !uint.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var priority)
            || !IPAddress.TryParse(parts[4], out var address)
            || !acceptAddress(address)
            || !int.TryParse(parts[5], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            return false;
        }

        var protocol = parts[2].ToLowerInvariant();
        if (protocol is not ("udp" or "tcp"))
        {
            return false;
        }

        candidate = new ViewerCandidate(protocol, priority, new IPEndPoint(address, port));
        return true;
    }

    private static string? Find(IReadOnlyList<SdpAttribute> attributes, string name)
    {
        foreach (var attribute in attributes)
        {
            if (attribute.Name == name)
            {
                return attribute.Value.Trim();
            }
        }

        return null;
    }
}
