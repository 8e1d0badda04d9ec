namespace SecureStream.Policy.SignedUrls;

/// <summary>A virtual host of the key ring: its name, the keys valid for it, and the MAC lengths they produce.</summary>
internal sealed class SignedUrlVirtualHost
{
    public SignedUrlVirtualHost(string name, IReadOnlyList<SignedUrlKey> keys)
    {
        Name = name;
        Keys = keys;
        AcceptsSha1 = keys.Any(k => k.Algorithm == SignedUrlAlgorithm.HmacSha1);
        AcceptsSha256 = keys.Any(k => k.Algorithm == SignedUrlAlgorithm.HmacSha256);
    }

    /// <summary>The configured name.</summary>
    public string Name { get; }

    /// <summary>Keys in configuration order; few (one, two while rotating).</summary>
    public IReadOnlyList<SignedUrlKey> Keys { get; }

    /// <summary>Whether any key is HMAC-SHA1 (a 20-byte signature can be meaningful).</summary>
    public bool AcceptsSha1 { get; }

    /// <summary>Whether any key is HMAC-SHA256 (a 32-byte signature can be meaningful).</summary>
    public bool AcceptsSha256 { get; }

    /// <summary>The key with this id (ordinal), or null. A dictionary-style lookup: a policy's <c>kid</c> never widens the candidate set.</summary>
    public SignedUrlKey? FindKey(string id)
    {
        foreach (var key in Keys)
        {
            if (string.Equals(key.Id, id, StringComparison.Ordinal))
            {
                return key;
            }
        }

        return null;
    }
}
