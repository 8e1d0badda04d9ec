namespace SecureStream.Policy.Audit;

/// <summary>What kind of credential a request presented; written as <c>none</c>, <c>signed_url</c> or <c>jwt</c>.</summary>
internal enum AuditCredentialKind
{
    /// <summary>No credential (or none that could be identified).</summary>
    None = 0,

    /// <summary>An OME-compatible signed link.</summary>
    SignedUrl,

    /// <summary>A JWT link.</summary>
    Jwt,
}
