namespace SecureStream.Media.Snapshots;

/// <summary>
/// Reads a JPEG's frame size from its start-of-frame marker (ITU-T T.81 §B.2.2), so what a decoder
/// wrote is checked to be a JPEG before anyone is sent it.
/// </summary>
internal static class JpegHeader
{
    /// <summary>True when <paramref name="jpeg"/> starts with SOI and has a SOF segment before its scan; gives the frame's size.</summary>
    public static bool TryRead(ReadOnlySpan<byte> jpeg, out int width, out int height)
    {
        width = 0;
        height = 0;
        if (jpeg.Length < 4 || jpeg[0] != 0xFF || jpeg[1] != 0xD8)
        {
            return false;
        }

        var at = 2;
        while (at + 4 <= jpeg.Length)
        {
            if (jpeg[at] != 0xFF)
            {
                return false;
            }

            var marker = jpeg[at + 1];
            if (marker == 0xFF)
            {
                // Fill bytes before a marker (§B.1.1.2).
                at++;
                continue;
            }

            var length = (jpeg[at + 2] << 8) | jpeg[at + 3];
            if (length < 2 || at + 2 + length > jpeg.Length)
            {
                return false;
            }

            // SOF0…SOF15 except DHT (C4), JPG (C8) and DAC (CC).
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                if (length < 7)
                {
                    return false;
                }

                height = (jpeg[at + 5] << 8) | jpeg[at + 6];
                width = (jpeg[at + 7] << 8) | jpeg[at + 8];
                return width > 0 && height > 0;
            }

            if (marker == 0xDA)
            {
                // Start of scan before any frame header: not a JPEG we can serve.
                return false;
            }

            at += 2 + length;
        }

        return false;
    }
}
