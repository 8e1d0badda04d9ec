namespace SecureStream.Media.Transcoding.MpegTs;

/// <summary>
/// CRC-32/MPEG-2 of PSI sections (ISO/IEC 13818-1 Annex A): polynomial 0x04C11DB7, not
/// reflected, initial value 0xFFFFFFFF, no final XOR. Over a section including its CRC the result is 0.
/// </summary>
internal static class MpegTsCrc32
{
    private static readonly uint[] Table = BuildTable();

    public static uint Compute(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc = (crc << 8) ^ Table[(crc >> 24) ^ b];
        }

        return crc;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            var crc = i << 24;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 0x80000000) != 0 ? (crc << 1) ^ 0x04C11DB7 : crc << 1;
            }

            table[i] = crc;
        }

        return table;
    }
}
