namespace SecureStream.Media.Codecs.H265;

/// <summary>
/// Parses an H.265 SPS NAL unit (ITU-T H.265 §7.3.2.2, §7.3.3 profile_tier_level) far enough for
/// dimensions and profile. Untrusted input: bounded reads, range-checked counts, and a result,
/// never an exception.
/// </summary>
internal static class H265SpsParser
{
    public const int MaxDimension = 16888;

    public static H265SpsParseResult Parse(ReadOnlySpan<byte> nal)
    {
        if (nal.Length < 4)
        {
            return H265SpsParseResult.Invalid("too_short");
        }

        if ((nal[0] & 0x80) != 0 || H265NalType.Of(nal[0]) != H265NalType.Sps)
        {
            return H265SpsParseResult.Invalid("not_sps");
        }

        var reader = new BitReader(BitReader.ToRbsp(nal[2..]));
        reader.Skip(4); // sps_video_parameter_set_id
        var maxSubLayersMinus1 = (int)reader.ReadBits(3);
        if (maxSubLayersMinus1 > 6)
        {
            return H265SpsParseResult.Invalid("sps_max_sub_layers");
        }

        reader.Skip(1); // sps_temporal_id_nesting_flag

        // §7.3.3 profile_tier_level(1, sps_max_sub_layers_minus1).
        var profileSpace = (int)reader.ReadBits(2);
        var tier = (int)reader.ReadBits(1);
        var profileIdc = (int)reader.ReadBits(5);
        reader.Skip(32); // general_profile_compatibility_flag[32]
        reader.Skip(48); // progressive, interlaced, non_packed, frame_only, 43 constraint bits, inbld/reserved
        var levelIdc = (int)reader.ReadBits(8);
        Span<bool> profilePresent = stackalloc bool[8];
        Span<bool> levelPresent = stackalloc bool[8];
        for (var i = 0; i < maxSubLayersMinus1; i++)
        {
            profilePresent[i] = reader.ReadFlag();
            levelPresent[i] = reader.ReadFlag();
        }

        if (maxSubLayersMinus1 > 0)
        {
            reader.Skip(2 * (8 - maxSubLayersMinus1)); // reserved_zero_2bits
        }

        for (var i = 0; i < maxSubLayersMinus1; i++)
        {
            reader.Skip((profilePresent[i] ? 88 : 0) + (levelPresent[i] ? 8 : 0));
        }

        var spsId = reader.ReadUe();
        if (spsId > 15)
        {
            return H265SpsParseResult.Invalid("sps_id");
        }

        var chromaFormatIdc = reader.ReadUe();
        if (chromaFormatIdc > 3)
        {
            return H265SpsParseResult.Invalid("chroma_format_idc");
        }

        var separateColourPlane = chromaFormatIdc == 3 && reader.ReadFlag();
        long width = reader.ReadUe();
        long height = reader.ReadUe();
        long left = 0, right = 0, top = 0, bottom = 0;
        if (reader.ReadFlag())
        {
            left = reader.ReadUe();
            right = reader.ReadUe();
            top = reader.ReadUe();
            bottom = reader.ReadUe();
        }

        if (reader.IsOverrun)
        {
            return H265SpsParseResult.Invalid("truncated");
        }

        // Table 6-1: SubWidthC / SubHeightC by ChromaArrayType.
        var chromaArrayType = separateColourPlane ? 0 : chromaFormatIdc;
        var (subWidthC, subHeightC) = chromaArrayType switch
        {
            1 => (2, 2),
            2 => (2, 1),
            _ => (1, 1),
        };
        width -= subWidthC * (left + right);
        height -= subHeightC * (top + bottom);
        if (width <= 0 || height <= 0 || width > MaxDimension || height > MaxDimension)
        {
            return H265SpsParseResult.Invalid("dimensions");
        }

        return H265SpsParseResult.Valid(new H265Sps(profileSpace, tier, profileIdc, levelIdc, (int)spsId, (int)width, (int)height));
    }
}
