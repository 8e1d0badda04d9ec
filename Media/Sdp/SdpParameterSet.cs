namespace SecureStream.Media.Sdp;

/// <summary>
/// One base64 NAL unit from a <c>sprop-parameter-sets</c> / <c>sprop-vps|sps|pps</c> list
/// (RFC 6184 §8.1, RFC 7798 §7.1): the one decoder both the SDP track reader and the
/// depacketizers use, each with its own policy for a bad entry.
/// </summary>
internal static class SdpParameterSet
{
    /// <summary>Decodes one list entry; false for empty, invalid base64 or more than <paramref name="maxBytes"/>.</summary>
    public static bool TryDecode(string entry, int maxBytes, out byte[] unit)
    {
        unit = [];
        if (entry.Length == 0 || entry.Length > ((maxBytes + 2) / 3 * 4) + 4)
        {
            return false;
        }

        var buffer = new byte[(entry.Length * 3 / 4) + 3];
        if (!Convert.TryFromBase64String(entry, buffer, out var written) || written == 0 || written > maxBytes)
        {
            return false;
        }

        unit = buffer.AsSpan(0, written).ToArray();
        return true;
    }
}
