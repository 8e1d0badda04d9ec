using System.Globalization;
using System.Text;
using System.Text.Unicode;

namespace SecureStream.Media.Sdp;

/// <summary>
/// A strict, bounded parser for the session descriptions cameras return to DESCRIBE (RFC 8866).
/// The body arrives whole (its length was given by Content-Length), so the answer is two-way:
/// a description, or a reason it was refused. Attacker input never throws.
/// </summary>
internal static class SdpParser
{
    public static bool TryParse(ReadOnlySpan<byte> body, out SessionDescription? description, out SdpParseError error) =>
        TryParse(body, SdpLimits.MaxAttributesPerSection, SdpLimits.MaxFormatsPerMedia, out description, out error);

    /// <summary>
    /// The same parser with other per-section bounds (a browser's offer lists many more codecs than
    /// a camera: <see cref="SdpLimits.BrowserMaxAttributesPerSection"/>). Size and section count stay fixed.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> body, int maxAttributesPerSection, int maxFormatsPerMedia, out SessionDescription? description, out SdpParseError error)
    {
        description = null;
        if (body.Length > SdpLimits.MaxBytes)
        {
            error = SdpParseError.TooLarge;
            return false;
        }

        // RFC 8866 §5: the text is UTF-8 (ISO 10646); NUL and other control bytes have no place in it.
        if (!Utf8.IsValid(body))
        {
            error = SdpParseError.NotUtf8;
            return false;
        }

        var builder = new Builder(maxAttributesPerSection, maxFormatsPerMedia);
        var remaining = body;
        var first = true;
        while (!remaining.IsEmpty)
        {
            var end = remaining.IndexOf((byte)'\n');
            var line = end < 0 ? remaining : remaining[..end];
            remaining = end < 0 ? default : remaining[(end + 1)..];

            // RFC 8866 §5: lines end with CRLF, but parsers should accept a bare LF.
            if (!line.IsEmpty && line[^1] == (byte)'\r')
            {
                line = line[..^1];
            }

            if (line.IsEmpty)
            {
                continue;
            }

            foreach (var b in line)
            {
                if (b < 0x20 && b != (byte)'\t')
                {
                    error = SdpParseError.ControlCharacter;
                    return false;
                }
            }

            // RFC 8866 §5: "<type>=<value>", type exactly one lower-case letter.
            if (line.Length < 2 || line[1] != (byte)'=' || line[0] < (byte)'a' || line[0] > (byte)'z')
            {
                error = SdpParseError.BadLine;
                return false;
            }

            var type = (char)line[0];
            var value = Encoding.UTF8.GetString(line[2..]);
            if (first)
            {
                // RFC 8866 §5.1: the description starts with "v=0".
                if (type != 'v' || value != "0")
                {
                    error = SdpParseError.MissingVersion;
                    return false;
                }

                first = false;
                continue;
            }

            error = type switch
            {
                'm' => builder.StartMedia(value),
                'a' => builder.AddAttribute(value),
                _ => SdpParseError.None,
            };
            if (error != SdpParseError.None)
            {
                return false;
            }
        }

        if (first)
        {
            error = SdpParseError.MissingVersion;
            return false;
        }

        description = builder.Build();
        error = SdpParseError.None;
        return true;
    }

    private sealed class Builder(int maxAttributesPerSection, int maxFormatsPerMedia)
    {
        private readonly List<SdpMediaDescription> _media = [];
        private readonly List<SdpAttribute> _sessionAttributeList = [];
        private string? _sessionControl;
        private MediaBuilder? _current;
        private int _sessionAttributes;

        public SdpParseError StartMedia(string value)
        {
            Flush();
            if (_media.Count >= SdpLimits.MaxMediaSections)
            {
                return SdpParseError.TooManyMediaSections;
            }

            // RFC 8866 §5.14: m=<media> <port>[/<number of ports>] <proto> <fmt> ...
            var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 3)
            {
                return SdpParseError.BadMediaLine;
            }

            var portText = parts[1];
            var slash = portText.IndexOf('/', StringComparison.Ordinal);
            if (slash >= 0)
            {
                portText = portText[..slash];
            }

            if (!TryParseInt(portText, 0, 65535, out var port))
            {
                return SdpParseError.BadMediaLine;
            }

            if (parts.Length - 3 > maxFormatsPerMedia)
            {
                return SdpParseError.TooManyFormats;
            }

            var formats = new List<int>(parts.Length - 3);
            var isRtp = parts[2].StartsWith("RTP/", StringComparison.Ordinal);
            for (var i = 3; i < parts.Length; i++)
            {
                // RFC 3551 §6: RTP payload types are 0–127. Non-RTP formats are kept out of the list.
                if (TryParseInt(parts[i], 0, 127, out var pt))
                {
                    formats.Add(pt);
                }
                else if (isRtp)
                {
                    return SdpParseError.BadMediaLine;
                }
            }

            _current = new MediaBuilder(parts[0], port, parts[2], formats);
            return SdpParseError.None;
        }

        public SdpParseError AddAttribute(string value)
        {
            if (_current is null)
            {
                if (++_sessionAttributes > maxAttributesPerSection)
                {
                    return SdpParseError.TooManyAttributes;
                }

                _sessionAttributeList.Add(ToAttribute(value));
                if (value.StartsWith("control:", StringComparison.Ordinal))
                {
                    _sessionControl = value["control:".Length..].Trim();
                }

                return SdpParseError.None;
            }

            if (++_current.Attributes > maxAttributesPerSection)
            {
                return SdpParseError.TooManyAttributes;
            }

            _current.AttributeList.Add(ToAttribute(value));
            if (value.StartsWith("control:", StringComparison.Ordinal))
            {
                _current.Control = value["control:".Length..].Trim();
            }
            else if (value.StartsWith("rtpmap:", StringComparison.Ordinal))
            {
                if (!TryParseRtpMap(value["rtpmap:".Length..], out var map))
                {
                    return SdpParseError.BadRtpMap;
                }

                _current.RtpMaps.TryAdd(map.PayloadType, map);
            }
            else if (value.StartsWith("fmtp:", StringComparison.Ordinal))
            {
                // RFC 8866 §6.15: a=fmtp:<format> <format specific parameters>. A malformed fmtp only
                // loses its parameters (the track interpreter decides whether the track survives).
                var rest = value["fmtp:".Length..];
                var space = rest.IndexOf(' ', StringComparison.Ordinal);
                var ptText = space < 0 ? rest : rest[..space];
                if (TryParseInt(ptText, 0, 127, out var pt))
                {
                    _current.FormatParameters.TryAdd(pt, space < 0 ? string.Empty : rest[(space + 1)..].Trim());
                }
            }

            return SdpParseError.None;
        }

        public SessionDescription Build()
        {
            Flush();
            return new SessionDescription(_sessionControl, _media) { Attributes = _sessionAttributeList };
        }

        private void Flush()
        {
            if (_current is not null)
            {
                _media.Add(new SdpMediaDescription(
                    _current.Media, _current.Port, _current.Protocol, _current.Formats, _current.Control, _current.RtpMaps, _current.FormatParameters)
                {
                    Attributes = _current.AttributeList,
                });
                _current = null;
            }
        }

        // RFC 8866 §5.13: a=<attribute-name>[:<attribute-value>]
        private static SdpAttribute ToAttribute(string value)
        {
            var colon = value.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? new SdpAttribute(value, string.Empty) : new SdpAttribute(value[..colon], value[(colon + 1)..]);
        }

        // RFC 8866 §6.6: a=rtpmap:<payload type> <encoding name>/<clock rate>[/<encoding parameters>]
        private static bool TryParseRtpMap(string text, out SdpRtpMap map)
        {
            map = null!;
            var space = text.IndexOf(' ', StringComparison.Ordinal);
            if (space < 0 || !TryParseInt(text.AsSpan(0, space), 0, 127, out var pt))
            {
                return false;
            }

            var parts = text[(space + 1)..].Trim().Split('/');
            if (parts.Length is < 2 or > 3 || parts[0].Length == 0 || !TryParseInt(parts[1], 1, 10_000_000, out var clock))
            {
                return false;
            }

            var channels = 1;
            if (parts.Length == 3 && !TryParseInt(parts[2], 1, 255, out channels))
            {
                return false;
            }

            map = new SdpRtpMap(pt, parts[0], clock, channels);
            return true;
        }
    }

    private sealed class MediaBuilder(string media, int port, string protocol, List<int> formats)
    {
        public string Media { get; } = media;

        public int Port { get; } = port;

        public string Protocol { get; } = protocol;

        public List<int> Formats { get; } = formats;

        public string? Control { get; set; }

        public int Attributes { get; set; }

        public Dictionary<int, SdpRtpMap> RtpMaps { get; } = [];

        public Dictionary<int, string> FormatParameters { get; } = [];

        public List<SdpAttribute> AttributeList { get; } = [];
    }

    internal static bool TryParseInt(ReadOnlySpan<char> text, int min, int max, out int value)
    {
        value = 0;
        if (text.IsEmpty || text.Length > 9)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        value = int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
        return value >= min && value <= max;
    }
}
