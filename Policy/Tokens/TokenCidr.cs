using System.Net;

namespace SecureStream.Policy.Tokens;

/// <summary>Strict parsing of the networks in a token's <c>cidr</c> claim.</summary>
internal static class TokenCidr
{
    /// <summary>
    /// Parses <c>address/prefix</c> and refuses host bits after the prefix (<c>10.0.0.5/24</c>):
    /// such a value is a mistake whose intent (the host or the network?) cannot be known, and
    /// guessing would widen or narrow the binding silently.
    /// </summary>
    public static bool TryParse(string text, out IPNetwork network)
    {
        network = default;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || !IPAddress.TryParse(text.AsSpan(0, slash), out var address)
            || !IPNetwork.TryParse(text, out var parsed) || !parsed.BaseAddress.Equals(address))
        {
            return false;
        }

        network = parsed;
        return true;
    }
}
