namespace SecureStream.Policy.SignedUrls;

/// <summary>
/// The <c>signedUrls</c> section of policy.json: OME-compatible SignedPolicy links
/// (docs/links.md). Validated and turned into a <see cref="SignedUrlKeyRing"/> by
/// <see cref="SignedUrlKeyRing.TryCreate"/>. The defaults are safe: no virtual host means every
/// signed link is refused.
/// </summary>
public sealed class SignedUrlSettings
{
    /// <summary>Name of the query parameter carrying the policy (OME's default).</summary>
    public string PolicyParam { get; set; } = "policy";

    /// <summary>Name of the query parameter carrying the signature (OME's default).</summary>
    public string SignatureParam { get; set; } = "signature";

    /// <summary>Largest decoded policy JSON accepted, in bytes; checked before decoding.</summary>
    public int MaxPolicyBytes { get; set; } = 1024;

    /// <summary>Virtual hosts, each with its own keys.</summary>
    public IReadOnlyList<SignedUrlVirtualHostSettings> VirtualHosts { get; set; } = [];
}
