namespace SecureStream.Proxy.Forwarding;

/// <summary>
/// The one spelling of an origin's base address that names it everywhere: lower-case scheme and
/// host, the port always written, no trailing slash (<c>HTTP://Origin-A:80/</c> →
/// <c>http://origin-a:80</c>). Rendezvous hashing weighs origins by this text, so front doors that
/// list the same origins, in any order and any of these spellings, choose alike.
/// </summary>
internal static class OriginAddress
{
    /// <summary>
    /// The normal form of <paramref name="address"/>; an address that is not absolute is returned
    /// as given (the options validator refuses it at start with its own message).
    /// </summary>
    public static string Normalise(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return Uri.TryCreate(address, UriKind.Absolute, out var uri)
            ? uri.GetComponents(UriComponents.Scheme | UriComponents.Host | UriComponents.StrongPort, UriFormat.UriEscaped)
            : address;
    }
}
