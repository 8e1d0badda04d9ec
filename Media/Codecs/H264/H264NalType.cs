namespace SecureStream.Media.Codecs.H264;

/// <summary>NAL unit types (ITU-T H.264 Table 7-1) and RTP packet types (RFC 6184 Table 1) the depacketizer handles.</summary>
internal static class H264NalType
{
    public const int Slice = 1;

    public const int Idr = 5;

    public const int Sei = 6;
    public const int Sps = 7;
    public const int Pps = 8;
    public const int AccessUnitDelimiter = 9;

    public const int EndOfSequence = 10;

    public const int EndOfStream = 11;

    public const int Filler = 12;
    public const int StapA = 24;
    public const int StapB = 25;
    public const int Mtap16 = 26;
    public const int Mtap24 = 27;
    public const int FuA = 28;
    public const int FuB = 29;

    public static int Of(byte header) => header & 0x1F;
}
