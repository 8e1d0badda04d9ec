using System.Globalization;

namespace SecureStream.Media.Rtsp;

/// <summary>
/// One transport of a <c>Transport</c> header (RFC 2326 §12.39), with the parts the client and the
/// demo cameras use. A parameter this reader knows with a value it cannot read (a channel over 255,
/// a port that is not a number) leaves that value null and sets <see cref="Malformed"/>.
/// </summary>
/// <param name="Protocol">transport/profile[/lower-transport], e.g. <c>RTP/AVP</c> or <c>RTP/AVP/TCP</c>.</param>
internal sealed record RtspTransportHeader(
    string Protocol, bool Multicast, int? InterleavedRtp, int? InterleavedRtcp, int? ServerRtpPort, int? ServerRtcpPort, bool Malformed)
{
    private static readonly RtspTransportHeader None = new(string.Empty, false, null, null, null, null, false);

    /// <summary>RTP interleaved on the RTSP connection (RFC 2326 §10.12).</summary>
    public bool IsInterleaved => string.Equals(Protocol, "RTP/AVP/TCP", StringComparison.OrdinalIgnoreCase);

    /// <summary>The transport a server chose: the first of a SETUP response's header (a server names one).</summary>
    public static RtspTransportHeader Parse(string? value) => ParseOffers(value) is [var chosen, ..] ? chosen : None;

    /// <summary>Every transport of a SETUP request's header, in the client's order of preference (a client may offer several).</summary>
    public static IReadOnlyList<RtspTransportHeader> ParseOffers(string? value)
    {
        if (value is null)
        {
            return [];
        }

        var offers = new List<RtspTransportHeader>();
        foreach (var spec in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            offers.Add(ParseOne(spec));
        }

        return offers;
    }

    private static RtspTransportHeader ParseOne(string spec)
    {
        int? interleavedRtp = null, interleavedRtcp = null, serverRtp = null, serverRtcp = null;
        bool multicast = false, malformed = false;
        var parts = spec.Split(';', StringSplitOptions.TrimEntries);
        foreach (var part in parts.AsSpan(1))
        {
            if (string.Equals(part, "multicast", StringComparison.OrdinalIgnoreCase))
            {
                multicast = true;
            }
            else if (part.StartsWith("interleaved=", StringComparison.OrdinalIgnoreCase))
            {
                (interleavedRtp, interleavedRtcp) = Range(part["interleaved=".Length..], 255, ref malformed);
            }
            else if (part.StartsWith("server_port=", StringComparison.OrdinalIgnoreCase))
            {
                (serverRtp, serverRtcp) = Range(part["server_port=".Length..], 65535, ref malformed);
            }
        }

        return new RtspTransportHeader(parts[0], multicast, interleavedRtp, interleavedRtcp, serverRtp, serverRtcp, malformed);
    }

    // "a-b" or "a" (then b = a + 1, RFC 2326 §12.39).
    private static (int?, int?) Range(string text, int max, ref bool malformed)
    {
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        var firstText = dash < 0 ? text : text[..dash];
        if (!TryParse(firstText, max, out var first))
        {
            malformed = true;
            return (null, null);
        }

        if (dash < 0)
        {
            return (first, first + 1 <= max ? first + 1 : null);
        }

        if (TryParse(text[(dash + 1)..], max, out var second))
        {
            return (first, second);
        }

        malformed = true;
        return (first, null);
    }

    private static bool TryParse(string text, int max, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value <= max;
}
