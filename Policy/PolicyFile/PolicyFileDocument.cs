using SecureStream.Policy.Admission;
using SecureStream.Policy.Entitlements;
using SecureStream.Policy.Forwarding;
using SecureStream.Policy.SignedUrls;
using SecureStream.Policy.Tokens;

namespace SecureStream.Policy.PolicyFile;

/// <summary>
/// policy.json as written: one object whose sections belong to the capability folders (see
/// docs/policy-file-sections.md). Every section is optional and defaults to "nothing allowed".
/// </summary>
public sealed class PolicyFileDocument
{
    /// <summary>Format version; only 1 exists.</summary>
    public int Version { get; set; } = 1;

    public SignedUrlSettings? SignedUrls { get; init; }

    public TokenSettings? Tokens { get; init; }

    public IReadOnlyList<OperatorSettings> Operators { get; set; } = [];

    public IReadOnlyList<GroupSettings> Groups { get; set; } = [];

    public AnonymousLinkSettings AnonymousLinks { get; set; } = new();

    public LinkUseSettings Links { get; set; } = new();

    public AdmissionSettings? Admission { get; init; }

    public ForwardingSettings? Forwarding { get; init; }
}
