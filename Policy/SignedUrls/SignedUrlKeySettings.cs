namespace SecureStream.Policy.SignedUrls;

/// <summary>One signing key of a virtual host, as written in policy.json (<c>signedUrls.virtualHosts[].keys[]</c>).</summary>
public sealed class SignedUrlKeySettings
{
    /// <summary>Key id, unique within the virtual host; a policy may name it in its <c>kid</c> field.</summary>
    public string? Id { get; init; }

    /// <summary>Where the secret lives: <c>env:NAME</c> or <c>file:/path</c>. Never the secret itself.</summary>
    public string? Secret { get; init; }

    /// <summary><c>HMAC-SHA1</c> (default, OME's) or <c>HMAC-SHA256</c>.</summary>
    public string Algorithm { get; set; } = "HMAC-SHA1";

    /// <summary>Optional ISO-8601 time after which links signed with this key are refused (<c>key_retired</c>).</summary>
    public DateTimeOffset? NotAfter { get; init; }
}
