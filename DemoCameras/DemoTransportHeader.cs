namespace SecureStream.DemoCameras;

/// <summary>
/// Picks the interleaved TCP transport from a SETUP <c>Transport</c> header (RFC 2326 §12.39):
/// the first <c>RTP/AVP/TCP</c> unicast spec, its <c>interleaved=n[-m]</c> channel or the
/// default. UDP specs are skipped: the demo server streams over the RTSP connection only.
/// </summary>
internal static class DemoTransportHeader
{
    public static bool TryGetInterleavedChannel(string? header, int defaultChannel, out int channel)
    {
        channel = defaultChannel;
        if (string.IsNullOrEmpty(header))
        {
            return false;
        }

        foreach (var spec in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = spec.Split(';', StringSplitOptions.TrimEntries);
            if (!string.Equals(parts[0], "RTP/AVP/TCP", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var usable = true;
            channel = defaultChannel;
            foreach (var parameter in parts.AsSpan(1))
            {
                if (string.Equals(parameter, "multicast", StringComparison.OrdinalIgnoreCase))
                {
                    usable = false;
                }
                else if (parameter.StartsWith("interleaved=", StringComparison.OrdinalIgnoreCase))
                {
                    var range = parameter.AsSpan(12);
                    var dash = range.IndexOf('-');
                    var first = dash < 0 ? range : range[..dash];
                    usable &= first.Length is > 0 and <= 3
                        && int.TryParse(first, System.Globalization.NumberStyles.None, null, out channel)
                        && channel <= 254;
                }
            }

            if (usable)
            {
                return true;
            }
        }

        channel = defaultChannel;
        return false;
    }
}
