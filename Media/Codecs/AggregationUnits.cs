namespace SecureStream.Media.Codecs;

/// <summary>Whether one NAL unit inside an aggregation packet is acceptable.</summary>
internal delegate bool AggregatedUnitCheck(ReadOnlySpan<byte> unit);

/// <summary>
/// The body of an H.264 STAP-A (RFC 6184 §5.7.1) or H.265 aggregation packet (RFC 7798 §4.4.2):
/// (16-bit size, NAL unit) pairs filling the rest of the payload exactly. All sizes and units are
/// checked before any unit is taken, so a bad packet adds nothing.
/// </summary>
internal static class AggregationUnits
{
    /// <summary>True when the body holds at least one unit, every size fits, and every unit passes <paramref name="check"/>.</summary>
    public static bool IsValid(ReadOnlySpan<byte> body, AggregatedUnitCheck check)
    {
        var count = 0;
        while (!body.IsEmpty)
        {
            if (body.Length < 2)
            {
                return false;
            }

            var size = (body[0] << 8) | body[1];
            if (size == 0 || size > body.Length - 2 || !check(body.Slice(2, size)))
            {
                return false;
            }

            body = body[(2 + size)..];
            count++;
        }

        return count > 0;
    }

    /// <summary>Hands each unit of a body that <see cref="IsValid"/> accepted to <paramref name="add"/>.</summary>
    public static void ForEach(ReadOnlySpan<byte> body, NalPayloadReader add)
    {
        while (!body.IsEmpty)
        {
            var size = (body[0] << 8) | body[1];
            add(body.Slice(2, size));
            body = body[(2 + size)..];
        }
    }
}
