using SecureStream.Media.Codecs.H264;

namespace SecureStream.Media.Codecs;

/// <summary>
/// Splits an H.264 Annex-B byte stream (ITU-T H.264 Annex B) into NAL units and groups them into
/// access units (H.264 §7.4.1.2.3). Used on the demo cameras' clips (DemoCameras/DemoClip), at
/// load, and (splitting only: linear, no state) on what a boxed ffmpeg writes
/// (Media/Transcoding/TranscoderOutput).
/// </summary>
internal static class AnnexBReader
{
    /// <summary>NAL units without their start codes, as slices of <paramref name="stream"/>.</summary>
    public static List<ReadOnlyMemory<byte>> SplitNalUnits(ReadOnlyMemory<byte> stream)
    {
        var units = new List<ReadOnlyMemory<byte>>();
        var span = stream.Span;
        var start = -1;
        var i = 0;
        while (i + 2 < span.Length)
        {
            if (span[i] == 0 && span[i + 1] == 0 && span[i + 2] == 1)
            {
                if (start >= 0)
                {
                    units.Add(stream[start..TrimTrailingZeros(span, start, i)]);
                }

                i += 3;
                start = i;
                continue;
            }

            i++;
        }

        if (start >= 0 && start < span.Length)
        {
            units.Add(stream[start..TrimTrailingZeros(span, start, span.Length)]);
        }

        units.RemoveAll(unit => unit.IsEmpty);
        return units;
    }

    /// <summary>
    /// Groups NAL units into access units: a new one starts at an access unit delimiter, or, in a
    /// stream without delimiters, at an SPS, PPS or SEI after a slice, or at a slice whose
    /// <c>first_mb_in_slice</c> is 0 after a slice (§7.4.1.2.4).
    /// </summary>
    public static List<List<ReadOnlyMemory<byte>>> GroupAccessUnits(IEnumerable<ReadOnlyMemory<byte>> nalUnits)
    {
        ArgumentNullException.ThrowIfNull(nalUnits);
        var accessUnits = new List<List<ReadOnlyMemory<byte>>>();
        List<ReadOnlyMemory<byte>>? current = null;
        var currentHasSlice = false;
        foreach (var unit in nalUnits)
        {
            var type = NalTypeOf(unit.Span);
            var startsNew = type switch
            {
                H264NalType.AccessUnitDelimiter => true,
                H264NalType.Sps or H264NalType.Pps or H264NalType.Sei => currentHasSlice,
                H264NalType.Slice or H264NalType.Idr => currentHasSlice && IsFirstSliceOfPicture(unit.Span),
                _ => false,
            };
            if (startsNew || current is null)
            {
                if (current is { Count: > 0 })
                {
                    accessUnits.Add(current);
                }

                current = [];
                currentHasSlice = false;
            }

            current.Add(unit);
            currentHasSlice |= type is H264NalType.Slice or H264NalType.Idr;
        }

        if (current is { Count: > 0 })
        {
            accessUnits.Add(current);
        }

        return accessUnits;
    }

    public static int NalTypeOf(ReadOnlySpan<byte> nalUnit) => nalUnit.IsEmpty ? -1 : nalUnit[0] & 0x1F;

    // first_mb_in_slice is the slice header's first ue(v); the value 0 is coded as a single 1 bit.
    private static bool IsFirstSliceOfPicture(ReadOnlySpan<byte> slice) => slice.Length > 1 && (slice[1] & 0x80) != 0;

    // A four-byte start code (and trailing_zero_8bits) leaves zero bytes before the next 00 00 01.
    private static int TrimTrailingZeros(ReadOnlySpan<byte> span, int start, int end)
    {
        while (end > start && span[end - 1] == 0)
        {
            end--;
        }

        return end;
    }
}
