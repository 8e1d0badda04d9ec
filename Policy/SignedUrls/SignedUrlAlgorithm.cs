namespace SecureStream.Policy.SignedUrls;

/// <summary>
/// The MAC a signed-link key computes. HMAC-SHA1 is OME's and the default, so links made by OME's
/// own generator keep working; HMAC-SHA256 is ours and can be required per virtual host.
/// </summary>
public enum SignedUrlAlgorithm
{
    /// <summary>HMAC-SHA1, 20-byte MAC, 27 base64url characters (OME's only algorithm).</summary>
    HmacSha1 = 0,

    /// <summary>HMAC-SHA256, 32-byte MAC, 43 base64url characters.</summary>
    HmacSha256 = 1,
}
