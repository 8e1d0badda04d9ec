using System.Net;

namespace SecureStream.Policy.SignedUrls;

/// <summary>
/// The fields of a SignedPolicy (docs/links.md), typed. Only trustworthy once the
/// validator has checked the MAC over the link that carried it.
/// </summary>
/// <param name="UrlExpire">The link is refused after this instant (<c>url_expire</c>).</param>
internal sealed record SignedPolicyClaims(DateTimeOffset UrlExpire)
{
    /// <summary>The link is refused before this instant (<c>url_activate</c>).</summary>
    public DateTimeOffset? UrlActivate { get; init; }

    /// <summary>Refused at open when past; otherwise the hard end of the session (<c>stream_expire</c>).</summary>
    public DateTimeOffset? StreamExpire { get; init; }

    /// <summary>Must contain the TCP peer address (<c>allow_ip</c>).</summary>
    public IPNetwork? AllowIp { get; init; }

    /// <summary>Must contain the client's real address (<c>real_ip</c>).</summary>
    public IPNetwork? RealIp { get; init; }

    /// <summary>Operator id (<c>sub</c>, ours).</summary>
    public string? Subject { get; init; }

    /// <summary>Link id for single-use and max-use limits (<c>jti</c>, ours).</summary>
    public string? LinkId { get; init; }

    /// <summary>The key the link names (<c>kid</c>, ours); when set, only that key is tried.</summary>
    public string? KeyId { get; init; }
}
