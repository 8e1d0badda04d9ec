using System.Text;

namespace SecureStream.Media.Tests.WebRtc.Sdp;

/// <summary>
/// Chromium's offer with its video section replaced by a few chosen payload types: what a WHEP
/// client of another stack (or a browser with other decoders) offers.
/// </summary>
internal static class CompatibilityOffers
{
    /// <summary>The offer with video payload types <paramref name="formats"/> (type, <c>a=fmtp</c> or null), all H.264.</summary>
    public static string H264Only(params (int PayloadType, string? Fmtp)[] formats)
    {
        var offer = ChromiumOffers.Offer;
        var video = offer.IndexOf("m=video", StringComparison.Ordinal);
        var header = offer[..video];
        var transport = offer[video..].Split("\r\n").Where(l => l.StartsWith("c=", StringComparison.Ordinal) || l.StartsWith("a=ice", StringComparison.Ordinal)
            || l.StartsWith("a=fingerprint", StringComparison.Ordinal) || l.StartsWith("a=setup", StringComparison.Ordinal)
            || l.StartsWith("a=mid", StringComparison.Ordinal) || l is "a=recvonly" or "a=rtcp-mux");
        var sdp = new StringBuilder(header);
        sdp.Append("m=video 9 UDP/TLS/RTP/SAVPF ").Append(string.Join(' ', formats.Select(f => f.PayloadType))).Append("\r\n");
        foreach (var line in transport)
        {
            sdp.Append(line).Append("\r\n");
        }

        foreach (var (pt, fmtp) in formats)
        {
            sdp.Append(FormattableString.Invariant($"a=rtpmap:{pt} H264/90000\r\na=rtcp-fb:{pt} nack pli\r\n"));
            if (fmtp is not null)
            {
                sdp.Append(FormattableString.Invariant($"a=fmtp:{pt} {fmtp}\r\n"));
            }
        }

        return sdp.ToString();
    }

    /// <summary>The offer without Opus: the audio section lists only PCMU and PCMA.</summary>
    public static string WithoutOpus() => ChromiumOffers.Offer
        .Replace("m=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126", "m=audio 9 UDP/TLS/RTP/SAVPF 0 8", StringComparison.Ordinal);
}
