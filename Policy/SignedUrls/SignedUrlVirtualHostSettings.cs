namespace SecureStream.Policy.SignedUrls;

/// <summary>One virtual host of the <c>signedUrls</c> section: the Host names it answers and its keys.</summary>
public sealed class SignedUrlVirtualHostSettings
{
    /// <summary>Unique name, used in logs and audit records.</summary>
    public string? Name { get; init; }

    /// <summary>Host names without scheme or port, or <c>*</c> (the fallback; at most one virtual host may have it).</summary>
    public IReadOnlyList<string> Hosts { get; set; } = [];

    /// <summary>The keys valid at once (more than one only while rotating).</summary>
    public IReadOnlyList<SignedUrlKeySettings> Keys { get; set; } = [];

    /// <summary>When true, HMAC-SHA1 keys are refused at load time.</summary>
    public bool RequireStrongAlgorithm { get; init; }
}
