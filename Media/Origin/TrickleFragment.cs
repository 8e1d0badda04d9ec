namespace SecureStream.Media.Origin;

/// <summary>
/// Reads what matters of a WHEP trickle ICE fragment (RFC 8840 <c>application/trickle-ice-sdpfrag</c>)
/// to an ICE-lite server: whether it names ICE credentials other than the session's, which is an
/// ICE restart (RFC 9725 §4.3.2). The candidates themselves need nothing: the viewer's checks tell
/// us its addresses.
/// </summary>
internal static class TrickleFragment
{
    private const string UfragAttribute = "a=ice-ufrag:";

    public static bool RequestsRestart(string fragment, string? currentUfrag)
    {
        foreach (var line in fragment.AsSpan().EnumerateLines())
        {
            var trimmed = line.TrimEnd('\r');
            if (trimmed.StartsWith(UfragAttribute, StringComparison.Ordinal) &&
                !trimmed[UfragAttribute.Length..].Trim().SequenceEqual(currentUfrag))
            {
                return true;
            }
        }

        return false;
    }
}
