using SecureStream.Media.Rtp;

namespace SecureStream.Media.Codecs;

/// <summary>
/// Decodes SDP parameter-set attributes: H.264 <c>sprop-parameter-sets</c> (RFC 6184 §8.1) and
/// H.265 <c>sprop-vps</c>/<c>sprop-sps</c>/<c>sprop-pps</c> (RFC 7798 §7.1), comma-separated base64
/// NAL units. Bad base64, empty, oversized or surplus entries are skipped and counted; the rest are kept.
/// </summary>
internal static class SdpParameterSets
{
    public static List<byte[]> Decode(string? value, AccessUnitLimits limits, RtpTrackCounters counters)
    {
        var sets = new List<byte[]>();
        if (string.IsNullOrWhiteSpace(value))
        {
            return sets;
        }

        foreach (var part in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (sets.Count >= limits.MaxSdpParameterSets || part.Length > ((limits.MaxParameterSetSize + 2) / 3 * 4) + 4)
            {
                counters.Drop(RtpDropReason.MalformedParameterSet);
                continue;
            }

            var buffer = new byte[(part.Length * 3 / 4) + 3];
            if (!Convert.TryFromBase64String(part, buffer, out var written) || written == 0 || written > limits.MaxParameterSetSize)
            {
                counters.Drop(RtpDropReason.MalformedParameterSet);
                continue;
            }

            sets.Add(buffer.AsSpan(0, written).ToArray());
        }

        return sets;
    }
}
