namespace SecureStream.Proxy.Tests.Browser.Infrastructure;

/// <summary>Links an attacker could make from a real one.</summary>
public static class ForgedLink
{
    /// <summary>
    /// The same link (or query) with another well-formed signature: its first character changed,
    /// so the length and alphabet still pass and only the MAC comparison can refuse it.
    /// </summary>
    public static string WithForgedSignature(string link)
    {
        ArgumentNullException.ThrowIfNull(link);
        var at = link.IndexOf("signature=", StringComparison.Ordinal) + "signature=".Length;
        return link[..at] + (link[at] == 'A' ? 'B' : 'A') + link[(at + 1)..];
    }
}
