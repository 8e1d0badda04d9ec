namespace SecureStream.Media.WebRtc.Ice;

/// <summary>
/// CRC-32 as ISO 3309 / ITU-T V.42 / IEEE 802.3 define it (reflected polynomial 0xEDB88320,
/// initial value and final XOR 0xFFFFFFFF), which RFC 8489 §14.7 names for FINGERPRINT.
/// System.IO.Hashing is a separate package, not part of the shared framework, so this small
/// table-driven version lives with its only user.
/// </summary>
internal static class StunCrc32
{
    private static readonly uint[] Table = CreateTable();

    public static uint Compute(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return crc ^ 0xFFFFFFFFu;
    }

    private static uint[] CreateTable()
    {
        var table = new uint[256];
        for (var n = 0u; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
