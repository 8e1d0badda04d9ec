namespace SecureStream.Proxy.Management;

/// <summary>
/// The management listener's credentials (the <c>Management</c> section): OME's REST API
/// authentication, HTTP Basic where the decoded credentials must equal a token exactly. The
/// OME-compatible <see cref="AccessToken"/> acts as the administrator named <c>management</c>;
/// <see cref="Administrators"/> give each person a token of their own, so what they do (a kick,
/// a minted link) is audited under their name. <see cref="MetricsToken"/> opens <c>/metrics</c>
/// and nothing else (docs/metrics.md, "Scraping").
/// </summary>
public sealed class ManagementOptions
{
    public const string SectionName = "Management";

    /// <summary>The name audit records give whoever used <see cref="AccessToken"/>.</summary>
    public const string AccessTokenAdministrator = "management";

    /// <summary>Secret reference (<c>env:NAME</c> / <c>file:/path</c>); unset with no <see cref="Administrators"/> = every call refused.</summary>
    public string? AccessToken { get; set; }

    /// <summary>Named administrators, each with a token of their own.</summary>
    public List<ManagementAdministrator> Administrators { get; set; } = [];

    /// <summary>
    /// Secret reference to a token that may only scrape <c>GET /metrics</c> (sent as
    /// <c>Authorization: Bearer</c>), so a Prometheus server never holds a token that can kick
    /// viewers or mint links. Unset: only administrators' tokens scrape.
    /// </summary>
    public string? MetricsToken { get; set; }

    /// <summary>
    /// Where viewers reach the gateway, <c>http(s)://host[:port]</c>, for the links the management
    /// API mints (docs/console.md): a signed link covers scheme, host and port. Unset: the host the
    /// management request was sent to, with the plain listener's port (the HTTPS one when plain is off).
    /// </summary>
    public string? ViewerBaseUrl { get; set; }

    /// <summary>Realm named in <c>WWW-Authenticate</c>.</summary>
    public string Realm { get; set; } = "SecureStream";
}

/// <summary>One person allowed on the management listener.</summary>
public sealed class ManagementAdministrator
{
    /// <summary>Shown in audit records and logs: 1–64 of <c>A–Z a–z 0–9 . _ @ -</c>.</summary>
    public string Name { get; set; } = "";

    /// <summary>Secret reference (<c>env:NAME</c> / <c>file:/path</c>) to their token; at least 16 bytes.</summary>
    public string AccessToken { get; set; } = "";
}
