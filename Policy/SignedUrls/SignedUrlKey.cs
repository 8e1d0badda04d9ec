using SecureStream.Policy.Secrets;

namespace SecureStream.Policy.SignedUrls;

/// <summary>A resolved signing key. The secret stays in a <see cref="SecretValue"/>, so it never prints.</summary>
/// <param name="Id">Key id (logged and audited; never secret).</param>
/// <param name="Secret">The key bytes.</param>
/// <param name="Algorithm">The MAC this key computes.</param>
/// <param name="NotAfter">After this instant the key is retired; null = no end.</param>
internal sealed record SignedUrlKey(string Id, SecretValue Secret, SignedUrlAlgorithm Algorithm, DateTimeOffset? NotAfter)
{
    /// <summary>True when <paramref name="now"/> is past <see cref="NotAfter"/>.</summary>
    public bool IsRetiredAt(DateTimeOffset now) => NotAfter is { } end && now > end;
}
