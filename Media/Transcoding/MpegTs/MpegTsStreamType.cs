namespace SecureStream.Media.Transcoding.MpegTs;

/// <summary>PMT <c>stream_type</c> values used here (ISO/IEC 13818-1 Table 2-34, and the Opus-in-TS mapping).</summary>
internal static class MpegTsStreamType
{
    /// <summary>AAC in ADTS frames (ISO/IEC 13818-7).</summary>
    public const byte AacAdts = 0x0F;

    /// <summary>H.264 (ITU-T H.264 Annex B byte stream).</summary>
    public const byte H264 = 0x1B;

    /// <summary>H.265 (ITU-T H.265 Annex B byte stream).</summary>
    public const byte H265 = 0x24;

    /// <summary>PES private data: Opus is carried so, marked by a registration descriptor "Opus" (the Opus-in-MPEG-TS mapping ffmpeg implements).</summary>
    public const byte PrivateData = 0x06;
}
