namespace SecureStream.Media.Codecs.Audio;

/// <summary>
/// The RFC 6416 <c>MP4A-LATM</c> parameters this receiver understands (§7.1): <c>cpresent=0</c>
/// with the StreamMuxConfig (ISO 14496-3 §1.7.3.1) in <c>config</c>, audioMuxVersion 0, one
/// program, one layer, all streams on the same time framing, frameLengthType 0 (byte lengths
/// with the 255 escape), no other data. The AudioSpecificConfig inside it is cut out as
/// <see cref="ConfigBytes"/>: the same bytes an RFC 3640 <c>config</c> holds.
/// </summary>
/// <param name="FrameDuration">One access unit in RTP clock ticks (1024 or 960 samples at the config's rate, on the rtpmap clock).</param>
internal sealed record LatmFormat(AudioSpecificConfig Config, byte[] ConfigBytes, int FrameDuration)
{
    /// <summary>Longest <c>config</c> accepted, in hex digits (a real StreamMuxConfig is a handful of bytes).</summary>
    public const int MaxConfigHexDigits = 128;

    /// <summary>Reads the format parameters; false with a reason code for anything unsupported or malformed.</summary>
    public static bool TryCreate(IReadOnlyDictionary<string, string> parameters, int clockRate, out LatmFormat? format, out string? error)
    {
        format = null;

        // §7.1: cpresent defaults to 1 (the config travels in-band in every AudioMuxElement). Reading
        // in-band configs is not implemented: such a track is refused with this reason, never misread.
        if (!parameters.TryGetValue("cpresent", out var present) || present.Trim() != "0")
        {
            error = "aac_latm_inband_config";
            return false;
        }

        if (!parameters.TryGetValue("config", out var hex) || hex.Length == 0 || hex.Length > MaxConfigHexDigits
            || hex.Length % 2 != 0 || !hex.All(char.IsAsciiHexDigit))
        {
            error = "aac_config";
            return false;
        }

        var data = Convert.FromHexString(hex);
        var reader = new BitReader(data);
        var audioMuxVersion = reader.ReadBit();
        var sameTimeFraming = reader.ReadBit();
        reader.Skip(6); // numSubFrames: every subframe is length + payload alike, read one by one.
        var numProgram = reader.ReadBits(4);
        var numLayer = reader.ReadBits(3);
        if (audioMuxVersion != 0 || sameTimeFraming != 1 || numProgram != 0 || numLayer != 0)
        {
            error = "aac_latm_mux_config";
            return false;
        }

        var start = reader.Position;
        var config = AudioSpecificConfig.Read(ref reader);
        if (config is null)
        {
            error = "aac_config";
            return false;
        }

        var end = reader.Position;

        // GStreamer's rtpmp4apay ends the config right after the AudioSpecificConfig; the missing
        // fields then mean what that payloader sends: frameLengthType 0 and no other data.
        if (reader.BitsLeft >= 3 && reader.ReadBits(3) != 0)
        {
            error = "aac_latm_frame_length_type";
            return false;
        }

        reader.Skip(8); // latmBufferFullness
        if (!reader.IsOverrun && reader.ReadFlag() && !reader.IsOverrun)
        {
            error = "aac_latm_other_data";
            return false;
        }

        var duration = (int)Math.Clamp((long)config.SamplesPerFrame * clockRate / config.SampleRate, 1, int.MaxValue);
        format = new LatmFormat(config, AudioSpecificConfig.CopyBits(data, start, end), duration);
        error = null;
        return true;
    }
}
