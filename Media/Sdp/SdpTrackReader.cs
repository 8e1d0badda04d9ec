using SecureStream.Media.Frames;

namespace SecureStream.Media.Sdp;

/// <summary>Interprets media sections as tracks: codec from <c>a=rtpmap</c> or the static payload types, parameters from <c>a=fmtp</c>.</summary>
internal static class SdpTrackReader
{
    public const string BadParameterSets = "bad_parameter_sets";
    public const string BadFormatParameters = "bad_format_parameters";
    public const string NoFormat = "no_format";

    public static IReadOnlyList<SdpTrack> ReadTracks(SessionDescription description)
    {
        var tracks = new List<SdpTrack>(description.Media.Count);
        for (var i = 0; i < description.Media.Count; i++)
        {
            tracks.Add(Read(i, description.Media[i]));
        }

        return tracks;
    }

    public static SdpTrack Read(int index, SdpMediaDescription media)
    {
        TrackKind? kind = media.Media switch
        {
            "video" => TrackKind.Video,
            "audio" => TrackKind.Audio,
            _ => null,
        };
        if (media.Formats.Count == 0)
        {
            return new SdpTrack(index, kind, MediaCodec.Unknown, -1, 0, 0, media.Control, [], NoFormat);
        }

        // Cameras list one format per section; the first is the one they send.
        var pt = media.Formats[0];
        string encoding;
        int clockRate;
        int channels;
        if (media.RtpMaps.TryGetValue(pt, out var map))
        {
            (encoding, clockRate, channels) = (map.EncodingName, map.ClockRate, map.Channels);
        }
        else
        {
            // RFC 3551 §6, table 4: static audio payload types need no rtpmap.
            (encoding, clockRate, channels) = pt switch
            {
                0 => ("PCMU", 8000, 1),
                8 => ("PCMA", 8000, 1),
                _ => (string.Empty, 0, 0),
            };
        }

        var codec = encoding.ToUpperInvariant() switch
        {
            "H264" => MediaCodec.H264,
            "H265" => MediaCodec.H265,
            "PCMU" => MediaCodec.Pcmu,
            "PCMA" => MediaCodec.Pcma,
            "OPUS" => MediaCodec.Opus,
            "MPEG4-GENERIC" or "MP4A-LATM" => MediaCodec.Aac,
            _ => MediaCodec.Unknown,
        };

        var track = new SdpTrack(index, kind, codec, pt, clockRate, channels, media.Control, [], null) { EncodingName = encoding };
        media.FormatParameters.TryGetValue(pt, out var fmtp);
        if (fmtp is null)
        {
            return track;
        }

        if (!TryReadParameters(fmtp, out var parameters))
        {
            return track with { InvalidReason = BadFormatParameters };
        }

        track = track with { FormatParameters = parameters };

        return codec switch
        {
            MediaCodec.H264 => ReadH264(track, parameters),
            MediaCodec.H265 => ReadH265(track, parameters),
            MediaCodec.Aac => ReadAac(track, parameters),
            _ => track,
        };
    }

    // RFC 6184 §8.1: sprop-parameter-sets, packetization-mode, profile-level-id.
    private static SdpTrack ReadH264(SdpTrack track, Dictionary<string, string> parameters)
    {
        var sets = new List<ReadOnlyMemory<byte>>();
        if (parameters.TryGetValue("sprop-parameter-sets", out var sprop) && !TryDecodeSets(sprop, sets))
        {
            return track with { InvalidReason = BadParameterSets };
        }

        var mode = 0;
        if (parameters.TryGetValue("packetization-mode", out var modeText) && !SdpParser.TryParseInt(modeText, 0, 2, out mode))
        {
            return track with { InvalidReason = BadFormatParameters };
        }

        string? profile = null;
        if (parameters.TryGetValue("profile-level-id", out var profileText))
        {
            if (profileText.Length != 6 || !IsHex(profileText))
            {
                return track with { InvalidReason = BadFormatParameters };
            }

            profile = profileText.ToLowerInvariant();
        }

        return track with { ParameterSets = sets, PacketizationMode = mode, ProfileLevelId = profile };
    }

    // RFC 7798 §7.1: sprop-vps, sprop-sps, sprop-pps, each a comma-separated list of base64 NAL units.
    private static SdpTrack ReadH265(SdpTrack track, Dictionary<string, string> parameters)
    {
        var sets = new List<ReadOnlyMemory<byte>>();
        foreach (var name in (ReadOnlySpan<string>)["sprop-vps", "sprop-sps", "sprop-pps"])
        {
            if (parameters.TryGetValue(name, out var value) && !TryDecodeSets(value, sets))
            {
                return track with { InvalidReason = BadParameterSets };
            }
        }

        return track with { ParameterSets = sets };
    }

    // RFC 3640 §4.1: mode (AAC-hbr / AAC-lbr) and config (hex AudioSpecificConfig).
    private static SdpTrack ReadAac(SdpTrack track, Dictionary<string, string> parameters)
    {
        parameters.TryGetValue("mode", out var mode);
        var config = ReadOnlyMemory<byte>.Empty;
        if (parameters.TryGetValue("config", out var configText))
        {
            if (configText.Length % 2 != 0 || configText.Length > 256 || !IsHex(configText))
            {
                return track with { InvalidReason = BadFormatParameters, AacMode = mode };
            }

            config = Convert.FromHexString(configText);
        }

        return track with { AacMode = mode, AacConfig = config };
    }

    // "key=value; key=value": values may hold '=' (base64 padding), so split at the first one.
    internal static bool TryReadParameters(string fmtp, out Dictionary<string, string> parameters)
    {
        parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in fmtp.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                // Some cameras write bare flags; they carry nothing this gateway reads.
                continue;
            }

            if (!parameters.TryAdd(part[..eq].Trim(), part[(eq + 1)..].Trim()))
            {
                // The same parameter twice with possibly different values: ambiguous, refuse.
                return false;
            }
        }

        return true;
    }

    /// <summary>A parameter set larger than this in an SDP is not a real one (the SDP itself is bounded to 64 KB).</summary>
    private const int MaxParameterSetBytes = 16 * 1024;

    private static bool TryDecodeSets(string value, List<ReadOnlyMemory<byte>> sets)
    {
        foreach (var item in value.Split(',', StringSplitOptions.TrimEntries))
        {
            if (sets.Count >= SdpLimits.MaxParameterSets || !SdpParameterSet.TryDecode(item, MaxParameterSetBytes, out var unit))
            {
                return false;
            }

            sets.Add(unit);
        }

        return true;
    }

    private static bool IsHex(string text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
