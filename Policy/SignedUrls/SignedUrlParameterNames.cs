namespace SecureStream.Policy.SignedUrls;

/// <summary>The query parameter names of a signed link (configurable, as in OME).</summary>
/// <param name="Policy">The policy parameter, <c>policy</c> by default.</param>
/// <param name="Signature">The signature parameter, <c>signature</c> by default.</param>
internal sealed record SignedUrlParameterNames(string Policy, string Signature)
{
    /// <summary>OME's defaults.</summary>
    public static SignedUrlParameterNames Default { get; } = new("policy", "signature");
}
