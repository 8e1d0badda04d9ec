namespace SecureStream.Proxy.Management;

/// <summary>
/// The management API (the <c>Management</c> section), OME's REST API authentication: HTTP Basic
/// where the decoded credentials must equal <see cref="AccessToken"/> exactly.
/// </summary>
public sealed class ManagementOptions
{
    public const string SectionName = "Management";

    /// <summary>Secret reference (<c>env:NAME</c> / <c>file:/path</c>); unset = every call refused.</summary>
    public string? AccessToken { get; set; }

    /// <summary>Realm named in <c>WWW-Authenticate</c>.</summary>
    public string Realm { get; set; } = "SecureStream";
}
