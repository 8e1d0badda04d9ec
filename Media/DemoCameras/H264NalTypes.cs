namespace SecureStream.Media.DemoCameras;

/// <summary>The H.264 NAL unit types (H.264 Table 7-1) and RTP payload types (RFC 6184 §5.2) the demo cameras use.</summary>
internal static class H264NalTypes
{
    public const int Slice = 1;
    public const int IdrSlice = 5;
    public const int Sei = 6;
    public const int Sps = 7;
    public const int Pps = 8;
    public const int AccessUnitDelimiter = 9;
    public const int EndOfSequence = 10;
    public const int EndOfStream = 11;
    public const int Filler = 12;

    /// <summary>RFC 6184 §5.8 fragmentation unit, non-interleaved.</summary>
    public const int FuA = 28;
}
