using System.Text;
using SecureStream.Media.Frames;
using SecureStream.Media.Sdp;
using SecureStream.Media.WebRtc.Dtls;
using SecureStream.Media.WebRtc.Ice;

namespace SecureStream.Media.WebRtc.Sdp;

/// <summary>
/// Reads a browser's session description — a WHEP offer (RFC 9725 §4.2) or the answer to our OME
/// offer — through the one bounded SDP parser (<see cref="SdpParser"/>: 64 KB, 16 media sections,
/// 1024 attributes a section, 128 formats a line) and checks what the transport relies on. Attacker
/// input never throws: every refusal is a <see cref="BrowserSdpFailure"/> code.
/// </summary>
internal static class BrowserOfferReader
{
    /// <summary>RFC 8843 §7.2 allows any token; browsers send "0", "1"… — 32 safe characters is plenty and keeps mids inert when echoed.</summary>
    public const int MaxMidLength = 32;

    public static BrowserSdpReadResult Read(string? text, BrowserSdpRole role)
    {
        // A char is at least one UTF-8 byte: the length check needs no encoding first.
        if (text is null || text.Length > SdpLimits.MaxBytes)
        {
            return BrowserSdpReadResult.Invalid(text is null ? BrowserSdpFailure.Malformed : TooLarge(role));
        }

        return Read(Encoding.UTF8.GetBytes(text), role);
    }

    public static BrowserSdpReadResult Read(ReadOnlySpan<byte> body, BrowserSdpRole role)
    {
        if (body.Length > SdpLimits.MaxBytes)
        {
            return BrowserSdpReadResult.Invalid(TooLarge(role));
        }

        if (!SdpParser.TryParse(body, SdpLimits.BrowserMaxAttributesPerSection, SdpLimits.BrowserMaxFormatsPerMedia, out var sdp, out var error))
        {
            return BrowserSdpReadResult.Invalid(error switch
            {
                SdpParseError.TooLarge => TooLarge(role),
                SdpParseError.NotUtf8 => BrowserSdpFailure.NotUtf8,
                SdpParseError.ControlCharacter => BrowserSdpFailure.ControlCharacter,
                SdpParseError.TooManyMediaSections => BrowserSdpFailure.TooManyMediaSections,
                SdpParseError.TooManyAttributes => BrowserSdpFailure.TooManyAttributes,
                SdpParseError.TooManyFormats => BrowserSdpFailure.TooManyFormats,
                _ => BrowserSdpFailure.Malformed,
            });
        }

        return Check(sdp!, role);
    }

    // What the candidates are for is only naming the path (IcePathClassifier): a line that does not
    // read is skipped, never a reason to refuse the offer.
    private static List<IceRemoteCandidate> ReadCandidates(List<SdpMediaDescription> live)
    {
        var candidates = new List<IceRemoteCandidate>();
        foreach (var media in live)
        {
            foreach (var attribute in media.Attributes)
            {
                if (candidates.Count < IceRemoteCandidates.Capacity
                    && attribute.Name == "candidate"
                    && IceRemoteCandidate.TryParseValue(attribute.Value, out var candidate)
                    && !candidates.Contains(candidate))
                {
                    candidates.Add(candidate);
                }
            }
        }

        return candidates;
    }

    private static string TooLarge(BrowserSdpRole role) =>
        role == BrowserSdpRole.Offer ? BrowserSdpFailure.OfferTooLarge : BrowserSdpFailure.AnswerTooLarge;

    private static BrowserSdpReadResult Check(SessionDescription sdp, BrowserSdpRole role)
    {
        if (sdp.Media.Count == 0)
        {
            return BrowserSdpReadResult.Invalid(BrowserSdpFailure.NoMedia);
        }

        // RFC 8843 §7.2 / RFC 8829 §5.2.1: every section carries a unique mid.
        var sections = new List<BrowserMediaSection>(sdp.Media.Count);
        var mids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < sdp.Media.Count; i++)
        {
            var media = sdp.Media[i];
            var midReason = ReadSingle(media.Attributes, "mid", out var mid);
            if (midReason is not null)
            {
                return BrowserSdpReadResult.Invalid(BrowserSdpFailure.DuplicateMid);
            }

            if (mid is null)
            {
                return BrowserSdpReadResult.Invalid(BrowserSdpFailure.MissingMid);
            }

            if (!IsSafeToken(mid, MaxMidLength))
            {
                return BrowserSdpReadResult.Invalid(BrowserSdpFailure.BadMid);
            }

            if (!mids.Add(mid))
            {
                return BrowserSdpReadResult.Invalid(BrowserSdpFailure.DuplicateMid);
            }

            sections.Add(ReadSection(i, mid, media));
        }

        if (!sections.Exists(s => !s.IsRejected && s.Kind is not null))
        {
            return BrowserSdpReadResult.Invalid(BrowserSdpFailure.NoMedia);
        }

        var bundleReason = ReadBundle(sdp, sections, mids, out var bundle);
        if (bundleReason is not null)
        {
            return BrowserSdpReadResult.Invalid(bundleReason);
        }

        // RFC 8843 §9.3 / RFC 5761: WebRTC multiplexes RTCP; a live RTP section without rtcp-mux would
        // need a second port. (A data channel section has no RTCP and says nothing.)
        if (sections.Exists(s => !s.IsRejected && !s.RtcpMux && s.Protocol.Contains("RTP", StringComparison.Ordinal)))
        {
            return BrowserSdpReadResult.Invalid(BrowserSdpFailure.NoRtcpMux);
        }

        var live = new List<SdpMediaDescription>(sdp.Media.Count);
        for (var i = 0; i < sections.Count; i++)
        {
            if (!sections[i].IsRejected)
            {
                live.Add(sdp.Media[i]);
            }
        }

        var iceReason = ReadIce(sdp, live, out var ice);
        if (iceReason is not null)
        {
            return BrowserSdpReadResult.Invalid(iceReason);
        }

        var fingerprintReason = ReadFingerprint(sdp, live, out var fingerprint);
        if (fingerprintReason is not null)
        {
            return BrowserSdpReadResult.Invalid(fingerprintReason);
        }

        var setupReason = ReadSetup(sdp, live, role, out var setup);
        if (setupReason is not null)
        {
            return BrowserSdpReadResult.Invalid(setupReason);
        }

        return BrowserSdpReadResult.Valid(new BrowserSessionDescription(ice!, fingerprint!, setup, bundle, sections) { Candidates = ReadCandidates(live) });
    }

    private static BrowserMediaSection ReadSection(int index, string mid, SdpMediaDescription media)
    {
        TrackKind? kind = media.Media switch
        {
            "video" => TrackKind.Video,
            "audio" => TrackKind.Audio,
            _ => null,
        };
        var direction = MediaDirection.SendRecv;
        var rtcpMux = false;
        var feedback = new Dictionary<int, List<string>>();
        var feedbackAll = new List<string>();
        foreach (var attribute in media.Attributes)
        {
            switch (attribute.Name)
            {
                case "sendrecv": direction = MediaDirection.SendRecv; break;
                case "sendonly": direction = MediaDirection.SendOnly; break;
                case "recvonly": direction = MediaDirection.RecvOnly; break;
                case "inactive": direction = MediaDirection.Inactive; break;
                case "rtcp-mux": rtcpMux = true; break;
                case "rtcp-fb":
                    // RFC 4585 §4.2: a=rtcp-fb:<pt or *> <type>[ <parameter>]
                    var space = attribute.Value.IndexOf(' ', StringComparison.Ordinal);
                    if (space <= 0)
                    {
                        break;
                    }

                    var value = attribute.Value[(space + 1)..].Trim();
                    var target = attribute.Value[..space];
                    if (target == "*")
                    {
                        feedbackAll.Add(value);
                    }
                    else if (SdpParser.TryParseInt(target, 0, 127, out var fbPt))
                    {
                        if (!feedback.TryGetValue(fbPt, out var list))
                        {
                            feedback[fbPt] = list = [];
                        }

                        list.Add(value);
                    }

                    break;
            }
        }

        var payloadTypes = new List<BrowserPayloadType>(media.Formats.Count);
        foreach (var pt in media.Formats)
        {
            string name;
            int clock;
            int channels;
            if (media.RtpMaps.TryGetValue(pt, out var map))
            {
                (name, clock, channels) = (map.EncodingName, map.ClockRate, map.Channels);
            }
            else
            {
                // RFC 3551 §6, table 4: static payload types need no rtpmap.
                (name, clock, channels) = pt switch
                {
                    0 => ("PCMU", 8000, 1),
                    8 => ("PCMA", 8000, 1),
                    _ => (string.Empty, 0, 0),
                };
            }

            IReadOnlyDictionary<string, string> parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (media.FormatParameters.TryGetValue(pt, out var fmtp) && SdpTrackReader.TryReadParameters(fmtp, out var read))
            {
                parameters = read;
            }

            var fb = new List<string>(feedbackAll);
            if (feedback.TryGetValue(pt, out var specific))
            {
                fb.AddRange(specific);
            }

            payloadTypes.Add(new BrowserPayloadType(pt, name, clock, channels, parameters, fb));
        }

        return new BrowserMediaSection(index, mid, media.Media, kind, media.Port, media.Protocol, direction, rtcpMux, payloadTypes);
    }

    // RFC 8843 §7: one BUNDLE group holding every live section, naming only mids that exist.
    private static string? ReadBundle(SessionDescription sdp, List<BrowserMediaSection> sections, HashSet<string> mids, out IReadOnlyList<string> bundle)
    {
        bundle = [];
        string[]? group = null;
        foreach (var attribute in sdp.Attributes)
        {
            if (attribute.Name != "group")
            {
                continue;
            }

            var parts = attribute.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0 || parts[0] != "BUNDLE")
            {
                continue;
            }

            if (group is not null)
            {
                return BrowserSdpFailure.BadBundleGroup;
            }

            group = parts[1..];
        }

        if (group is null || group.Length == 0)
        {
            return BrowserSdpFailure.NotBundled;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var mid in group)
        {
            if (!mids.Contains(mid) || !seen.Add(mid))
            {
                return BrowserSdpFailure.BadBundleGroup;
            }
        }

        foreach (var section in sections)
        {
            if (!section.IsRejected && !seen.Contains(section.Mid))
            {
                return BrowserSdpFailure.NotBundled;
            }
        }

        bundle = group;
        return null;
    }

    // RFC 8839 §5.4: ice-ufrag/ice-pwd at session or media level, media level winning. Bundled
    // sections share one transport, so their credentials must agree.
    private static string? ReadIce(SessionDescription sdp, List<SdpMediaDescription> live, out IceCredentials? ice)
    {
        ice = null;
        if (ReadSingle(sdp.Attributes, "ice-ufrag", out var sessionUfrag) is not null
            || ReadSingle(sdp.Attributes, "ice-pwd", out var sessionPwd) is not null)
        {
            return BrowserSdpFailure.InconsistentIceCredentials;
        }

        string? ufrag = null;
        string? pwd = null;
        foreach (var media in live)
        {
            if (ReadSingle(media.Attributes, "ice-ufrag", out var mediaUfrag) is not null
                || ReadSingle(media.Attributes, "ice-pwd", out var mediaPwd) is not null)
            {
                return BrowserSdpFailure.InconsistentIceCredentials;
            }

            var u = mediaUfrag ?? sessionUfrag;
            var p = mediaPwd ?? sessionPwd;
            if (u is null || p is null)
            {
                return BrowserSdpFailure.NoIceCredentials;
            }

            if ((ufrag is not null && ufrag != u) || (pwd is not null && pwd != p))
            {
                return BrowserSdpFailure.InconsistentIceCredentials;
            }

            (ufrag, pwd) = (u, p);
        }

        if (ufrag is null || pwd is null)
        {
            return BrowserSdpFailure.NoIceCredentials;
        }

        if (!IceCredentials.IsValid(ufrag, IceCredentials.MinUfragLength) || !IceCredentials.IsValid(pwd, IceCredentials.MinPasswordLength))
        {
            return BrowserSdpFailure.BadIceCredentials;
        }

        ice = new IceCredentials(ufrag, pwd);
        return null;
    }

    // RFC 8122 §5 / RFC 8842 §5.1: at least one fingerprint; only sha-256 is pinned (DtlsFingerprint).
    // Fingerprints with other hash functions beside a sha-256 one are ignored; without one, refused.
    private static string? ReadFingerprint(SessionDescription sdp, List<SdpMediaDescription> live, out DtlsFingerprint? fingerprint)
    {
        fingerprint = null;
        var any = false;
        foreach (var attributes in live.Select(m => m.Attributes).Prepend(sdp.Attributes))
        {
            foreach (var attribute in attributes)
            {
                if (attribute.Name != "fingerprint")
                {
                    continue;
                }

                any = true;
                var value = attribute.Value.Trim();
                var space = value.IndexOf(' ', StringComparison.Ordinal);
                var hash = space < 0 ? value : value[..space];
                if (!hash.Equals(DtlsFingerprint.Sha256, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                if (!DtlsFingerprint.TryParse(value, out var parsed))
                {
                    return BrowserSdpFailure.BadFingerprint;
                }

                if (fingerprint is not null && !fingerprint.Hash.SequenceEqual(parsed.Hash))
                {
                    return BrowserSdpFailure.InconsistentFingerprint;
                }

                fingerprint = parsed;
            }
        }

        return fingerprint is not null ? null : any ? BrowserSdpFailure.UnsupportedFingerprint : BrowserSdpFailure.NoFingerprint;
    }

    // RFC 8842 §5: we are always the DTLS server, so the browser must be able to take the client
    // role: an offer says actpass (or active), an answer to our actpass says active.
    private static string? ReadSetup(SessionDescription sdp, List<SdpMediaDescription> live, BrowserSdpRole role, out DtlsSetupRole setup)
    {
        setup = DtlsSetupRole.ActPass;
        if (ReadSingle(sdp.Attributes, "setup", out var sessionValue) is not null)
        {
            return BrowserSdpFailure.BadDtlsSetup;
        }

        string? chosen = null;
        foreach (var media in live)
        {
            if (ReadSingle(media.Attributes, "setup", out var mediaValue) is not null)
            {
                return BrowserSdpFailure.BadDtlsSetup;
            }

            var value = mediaValue ?? sessionValue;
            if (value is null)
            {
                return BrowserSdpFailure.NoDtlsSetup;
            }

            if (chosen is not null && chosen != value)
            {
                return BrowserSdpFailure.BadDtlsSetup;
            }

            chosen = value;
        }

        switch (chosen, role)
        {
            case ("actpass", BrowserSdpRole.Offer):
                setup = DtlsSetupRole.ActPass;
                return null;
            case ("active", _):
                setup = DtlsSetupRole.Active;
                return null;
            case (null, _):
                return BrowserSdpFailure.NoDtlsSetup;
            default:
                return BrowserSdpFailure.BadDtlsSetup;
        }
    }

    /// <summary>The one value of <paramref name="name"/> (null when absent); a reason when it appears twice with different values.</summary>
    private static string? ReadSingle(IReadOnlyList<SdpAttribute> attributes, string name, out string? value)
    {
        value = null;
        foreach (var attribute in attributes)
        {
            if (attribute.Name != name)
            {
                continue;
            }

            var v = attribute.Value.Trim();
            if (value is not null && value != v)
            {
                return "ambiguous";
            }

            value = v;
        }

        return null;
    }

    private static bool IsSafeToken(string value, int maxLength)
    {
        if (value.Length == 0 || value.Length > maxLength)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '-' and not '_' and not '.')
            {
                return false;
            }
        }

        return true;
    }
}
