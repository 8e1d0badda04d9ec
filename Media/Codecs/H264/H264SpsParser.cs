namespace SecureStream.Media.Codecs.H264;

/// <summary>
/// Parses an H.264 SPS NAL unit (ITU-T H.264 §7.3.2.1.1) far enough for dimensions and profile.
/// Untrusted input: every read is bounds-checked, every count range-checked before it drives a
/// loop, and a malformed SPS yields <see cref="H264SpsParseResult.Invalid"/>, never an exception.
/// </summary>
internal static class H264SpsParser
{
    /// <summary>Largest dimension accepted (pixels); H.264 level 6.2 tops out at 8192.</summary>
    public const int MaxDimension = 16384;

    private const int SpsNalType = 7;

    public static H264SpsParseResult Parse(ReadOnlySpan<byte> nal)
    {
        if (nal.Length < 4)
        {
            return H264SpsParseResult.Invalid("too_short");
        }

        if ((nal[0] & 0x80) != 0 || (nal[0] & 0x1F) != SpsNalType)
        {
            return H264SpsParseResult.Invalid("not_sps");
        }

        var reader = new BitReader(BitReader.ToRbsp(nal[1..]));
        var profileIdc = (int)reader.ReadBits(8);
        var constraints = (int)reader.ReadBits(8);
        var levelIdc = (int)reader.ReadBits(8);
        var spsId = reader.ReadUe();
        if (spsId > 31)
        {
            return H264SpsParseResult.Invalid("sps_id");
        }

        // chroma_format_idc defaults to 1 (4:2:0) when absent.
        uint chromaFormatIdc = 1;
        var separateColourPlane = false;
        if (profileIdc is 100 or 110 or 122 or 244 or 44 or 83 or 86 or 118 or 128 or 138 or 139 or 134 or 135)
        {
            chromaFormatIdc = reader.ReadUe();
            if (chromaFormatIdc > 3)
            {
                return H264SpsParseResult.Invalid("chroma_format_idc");
            }

            if (chromaFormatIdc == 3)
            {
                separateColourPlane = reader.ReadFlag();
            }

            var bitDepthLuma = reader.ReadUe();
            var bitDepthChroma = reader.ReadUe();
            if (bitDepthLuma > 6 || bitDepthChroma > 6)
            {
                return H264SpsParseResult.Invalid("bit_depth");
            }

            reader.Skip(1); // qpprime_y_zero_transform_bypass_flag
            if (reader.ReadFlag())
            {
                // seq_scaling_matrix_present_flag: §7.3.2.1.1.1 scaling_list() for each list present.
                var lists = chromaFormatIdc != 3 ? 8 : 12;
                for (var i = 0; i < lists && !reader.IsOverrun; i++)
                {
                    if (reader.ReadFlag() && !SkipScalingList(ref reader, i < 6 ? 16 : 64))
                    {
                        return H264SpsParseResult.Invalid("scaling_list");
                    }
                }
            }
        }

        if (reader.ReadUe() > 12)
        {
            return H264SpsParseResult.Invalid("log2_max_frame_num");
        }

        var pocType = reader.ReadUe();
        if (pocType == 0)
        {
            if (reader.ReadUe() > 12)
            {
                return H264SpsParseResult.Invalid("log2_max_pic_order_cnt_lsb");
            }
        }
        else if (pocType == 1)
        {
            reader.Skip(1); // delta_pic_order_always_zero_flag
            reader.ReadSe(); // offset_for_non_ref_pic
            reader.ReadSe(); // offset_for_top_to_bottom_field
            var cycle = reader.ReadUe();
            if (cycle > 255)
            {
                return H264SpsParseResult.Invalid("num_ref_frames_in_pic_order_cnt_cycle");
            }

            for (var i = 0; i < cycle && !reader.IsOverrun; i++)
            {
                reader.ReadSe();
            }
        }
        else if (pocType > 2)
        {
            return H264SpsParseResult.Invalid("pic_order_cnt_type");
        }

        reader.ReadUe(); // max_num_ref_frames
        reader.Skip(1); // gaps_in_frame_num_value_allowed_flag
        var widthInMbs = (long)reader.ReadUe() + 1;
        var heightInMapUnits = (long)reader.ReadUe() + 1;
        var frameMbsOnly = reader.ReadFlag();
        if (!frameMbsOnly)
        {
            reader.Skip(1); // mb_adaptive_frame_field_flag
        }

        reader.Skip(1); // direct_8x8_inference_flag
        long cropLeft = 0, cropRight = 0, cropTop = 0, cropBottom = 0;
        if (reader.ReadFlag())
        {
            cropLeft = reader.ReadUe();
            cropRight = reader.ReadUe();
            cropTop = reader.ReadUe();
            cropBottom = reader.ReadUe();
        }

        if (reader.IsOverrun)
        {
            return H264SpsParseResult.Invalid("truncated");
        }

        // §7.4.2.1.1: frame height in macroblocks doubles for field coding; crop units per ChromaArrayType.
        var chromaArrayType = separateColourPlane ? 0 : chromaFormatIdc;
        var (subWidthC, subHeightC) = chromaArrayType switch
        {
            1 => (2, 2),
            2 => (2, 1),
            _ => (1, 1),
        };
        long cropUnitX = chromaArrayType == 0 ? 1 : subWidthC;
        long cropUnitY = (chromaArrayType == 0 ? 1 : subHeightC) * (frameMbsOnly ? 1 : 2);
        var width = (widthInMbs * 16) - (cropUnitX * (cropLeft + cropRight));
        var height = ((frameMbsOnly ? 1 : 2) * heightInMapUnits * 16) - (cropUnitY * (cropTop + cropBottom));
        if (width <= 0 || height <= 0 || width > MaxDimension || height > MaxDimension)
        {
            return H264SpsParseResult.Invalid("dimensions");
        }

        return H264SpsParseResult.Valid(new H264Sps(profileIdc, constraints, levelIdc, (int)spsId, (int)width, (int)height, frameMbsOnly));
    }

    private static bool SkipScalingList(ref BitReader reader, int size)
    {
        int lastScale = 8, nextScale = 8;
        for (var j = 0; j < size; j++)
        {
            if (nextScale != 0)
            {
                var delta = reader.ReadSe();
                if (delta is < -128 or > 127 || reader.IsOverrun)
                {
                    return false;
                }

                nextScale = (lastScale + delta + 256) % 256;
            }

            lastScale = nextScale == 0 ? lastScale : nextScale;
        }

        return true;
    }
}
