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
            if (sets.Count >= limits.MaxSdpParameterSets || !Sdp.SdpParameterSet.TryDecode(part, limits.MaxParameterSetSize, out var unit))
            {
                counters.Drop(RtpDropReason.MalformedParameterSet);
                continue;
            }

            sets.Add(unit);
        }

        return sets;
    }
}
