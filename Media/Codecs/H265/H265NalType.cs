namespace SecureStream.Media.Codecs.H265;

/// <summary>NAL unit types (ITU-T H.265 Table 7-1) and RTP packet types (RFC 7798 §4.4) the depacketizer handles.</summary>
internal static class H265NalType
{
    /// <summary>IRAP pictures are types 16 (BLA_W_LP) to 21 (CRA_NUT); 22 and 23 are reserved IRAP types.</summary>
    public const int FirstIrap = 16;
    public const int LastIrap = 21;
    public const int Vps = 32;
    public const int Sps = 33;
    public const int Pps = 34;
    public const int AccessUnitDelimiter = 35;
    public const int AggregationPacket = 48;
    public const int FragmentationUnit = 49;
    public const int Paci = 50;

    public static int Of(byte firstHeaderByte) => (firstHeaderByte >> 1) & 0x3F;
}
