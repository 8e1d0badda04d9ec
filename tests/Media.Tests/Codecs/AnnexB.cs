namespace SecureStream.Media.Tests.Codecs;

/// <summary>Splits Annex B byte streams (ffmpeg output) into NAL units and access units, for fixtures.</summary>
internal static class AnnexB
{
    public static List<byte[]> SplitNalUnits(ReadOnlySpan<byte> stream)
    {
        var units = new List<byte[]>();
        var start = -1;
        var i = 0;
        while (i + 2 < stream.Length)
        {
            if (stream[i] == 0 && stream[i + 1] == 0 && stream[i + 2] == 1)
            {
                if (start >= 0)
                {
                    units.Add(Trim(stream[start..i]));
                }

                i += 3;
                start = i;
                continue;
            }

            i++;
        }

        if (start >= 0 && start < stream.Length)
        {
            units.Add(stream[start..].ToArray());
        }

        return units;
    }

    /// <summary>Groups H.264 NAL units into access units (H.264 §7.4.1.2.3, enough for x264 output).</summary>
    public static List<List<byte[]>> H264AccessUnits(ReadOnlySpan<byte> stream) =>
        Group(SplitNalUnits(stream), nal => nal[0] & 0x1F, type => type is >= 1 and <= 5, type => type is 6 or 7 or 8 or 9, nal => (nal[1] & 0x80) != 0);

    /// <summary>Groups H.265 NAL units into access units (H.265 §7.4.2.4.4, enough for x265 output).</summary>
    public static List<List<byte[]>> H265AccessUnits(ReadOnlySpan<byte> stream) =>
        Group(SplitNalUnits(stream), nal => (nal[0] >> 1) & 0x3F, type => type <= 31, type => type is 32 or 33 or 34 or 35 or 39, nal => (nal[2] & 0x80) != 0);

    private static List<List<byte[]>> Group(List<byte[]> units, Func<byte[], int> typeOf, Func<int, bool> isVcl, Func<int, bool> startsUnit, Func<byte[], bool> firstSlice)
    {
        var result = new List<List<byte[]>>();
        List<byte[]>? current = null;
        var previousVcl = false;
        foreach (var nal in units)
        {
            var type = typeOf(nal);
            var vcl = isVcl(type);
            if (current is null || (previousVcl && (startsUnit(type) || (vcl && firstSlice(nal)))))
            {
                current = [];
                result.Add(current);
            }

            current.Add(nal);
            previousVcl = vcl;
        }

        return result;
    }

    private static byte[] Trim(ReadOnlySpan<byte> unit)
    {
        // A four-byte start code leaves a trailing zero on the previous unit.
        var end = unit.Length;
        while (end > 0 && unit[end - 1] == 0)
        {
            end--;
        }

        return unit[..end].ToArray();
    }

    public static byte[] Fixture(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Codecs", "Fixtures", name));
}
