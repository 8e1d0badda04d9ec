using System.Globalization;

namespace SecureStream.Media.Rtsp;

/// <summary>The parts of a SETUP response's <c>Transport</c> header (RFC 2326 §12.39) this client uses.</summary>
internal sealed record RtspTransportHeader(int? InterleavedRtp, int? InterleavedRtcp, int? ServerRtpPort, int? ServerRtcpPort)
{
    public static RtspTransportHeader Parse(string? value)
    {
        int? interleavedRtp = null, interleavedRtcp = null, serverRtp = null, serverRtcp = null;
        if (value is null)
        {
            return new RtspTransportHeader(null, null, null, null);
        }

        // A server may list several transports; the first is the one it chose.
        var first = value.Split(',')[0];
        foreach (var part in first.Split(';', StringSplitOptions.TrimEntries))
        {
            if (part.StartsWith("interleaved=", StringComparison.OrdinalIgnoreCase))
            {
                (interleavedRtp, interleavedRtcp) = Range(part["interleaved=".Length..], 255);
            }
            else if (part.StartsWith("server_port=", StringComparison.OrdinalIgnoreCase))
            {
                (serverRtp, serverRtcp) = Range(part["server_port=".Length..], 65535);
            }
        }

        return new RtspTransportHeader(interleavedRtp, interleavedRtcp, serverRtp, serverRtcp);
    }

    // "a-b" or "a" (then b = a + 1, RFC 2326 §12.39).
    private static (int?, int?) Range(string text, int max)
    {
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        var firstText = dash < 0 ? text : text[..dash];
        if (!TryParse(firstText, max, out var first))
        {
            return (null, null);
        }

        if (dash < 0)
        {
            return (first, first + 1 <= max ? first + 1 : null);
        }

        return TryParse(text[(dash + 1)..], max, out var second) ? (first, second) : (first, null);
    }

    private static bool TryParse(string text, int max, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value <= max;
}
