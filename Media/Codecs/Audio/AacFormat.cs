namespace SecureStream.Media.Codecs.Audio;

/// <summary>
/// The RFC 3640 <c>mpeg4-generic</c> parameters this receiver understands (§4.1): AU-header field
/// sizes of the AAC-hbr / AAC-lbr modes, the AudioSpecificConfig, and the frame duration.
/// Other AU-header fields (CTS/DTS deltas, random access, stream state, auxiliary data) are
/// not supported; <see cref="TryCreate"/> refuses parameters that announce them.
/// </summary>
internal sealed record AacFormat(int SizeLength, int IndexLength, int IndexDeltaLength, int FrameDuration, byte[] Config)
{
    /// <summary>RFC 6381 codec string, e.g. <c>mp4a.40.2</c> for AAC-LC; null when the config is empty.</summary>
    public string? CodecString
    {
        get
        {
            if (Config.Length == 0)
            {
                return null;
            }

            // ISO 14496-3 §1.6.2.1: audioObjectType is 5 bits; 31 escapes to 32 + 6 more bits.
            var objectType = Config[0] >> 3;
            if (objectType == 31 && Config.Length >= 2)
            {
                objectType = 32 + (((Config[0] & 0x07) << 3) | (Config[1] >> 5));
            }

            return $"mp4a.40.{objectType}";
        }
    }

    /// <summary>Reads the format parameters; false with a reason for anything unsupported or malformed.</summary>
    public static bool TryCreate(IReadOnlyDictionary<string, string> parameters, out AacFormat? format, out string? error)
    {
        format = null;
        foreach (var unsupported in (string[])["CTSDeltaLength", "DTSDeltaLength", "RandomAccessIndication", "StreamStateIndication", "auxiliaryDataSizeLength"])
        {
            if (parameters.TryGetValue(unsupported, out var value) && value.Trim() != "0")
            {
                error = "aac_" + unsupported;
                return false;
            }
        }

        if (!TryGetInt(parameters, "sizeLength", 0, 1, 16, out var sizeLength) ||
            !TryGetInt(parameters, "indexLength", 0, 0, 8, out var indexLength) ||
            !TryGetInt(parameters, "indexDeltaLength", 0, 0, 8, out var indexDeltaLength) ||
            !TryGetInt(parameters, "constantDuration", 1024, 1, 65536, out var duration))
        {
            error = "aac_parameters";
            return false;
        }

        var config = Array.Empty<byte>();
        if (parameters.TryGetValue("config", out var hex) && hex.Length > 0)
        {
            if (hex.Length > 128 || hex.Length % 2 != 0 || !hex.All(char.IsAsciiHexDigit))
            {
                error = "aac_config";
                return false;
            }

            config = Convert.FromHexString(hex);
        }

        format = new AacFormat(sizeLength, indexLength, indexDeltaLength, duration, config);
        error = null;
        return true;
    }

    private static bool TryGetInt(IReadOnlyDictionary<string, string> parameters, string name, int fallback, int min, int max, out int value)
    {
        if (!parameters.TryGetValue(name, out var text))
        {
            value = fallback;
            return fallback >= min;
        }

        return int.TryParse(text.Trim(), System.Globalization.NumberStyles.None, null, out value) && value >= min && value <= max;
    }
}
